import yaml, collections
d = yaml.safe_load(open("written.yml"))
m = d["messages"]
assert d["version"] == 1
print("items", len(m))
texts = [x["text"] for x in m]
print("unique texts", len(set(texts)), "lower-unique", len(set(t.lower().strip() for t in texts)))
U = {"emergency","contact_now","report_if_bothersome","none"}
C = {"crs","icans","infection","liver","bleeding","allergy","common"}
bad = 0
for x in m:
    assert set(x) == {"text","urgency","categories","kind","half","note"}, x
    if x["urgency"] not in U or not set(x["categories"]) <= C or x["kind"] != "written" or x["half"] not in ("A","B"):
        bad += 1; print("BAD", x)
    if x["urgency"] == "none" and x["categories"]: bad += 1; print("none with cats", x["text"])
    if x["urgency"] != "none" and not x["categories"]: bad += 1; print("no cats", x["text"])
    if (x["half"] == "B") != (x["urgency"] == "none"): bad += 1; print("half/urgency mismatch", x["text"])
    if len(set(x["categories"])) != len(x["categories"]): bad += 1; print("dup cat", x["text"])
print("bad", bad)
print("halves", collections.Counter(x["half"] for x in m))
print("urgency", collections.Counter(x["urgency"] for x in m))
for h in "AB":
    print(h, collections.Counter(x["urgency"] for x in m if x["half"] == h))
cats = collections.Counter()
for x in m:
    for c in x["categories"]: cats[(c, x["urgency"])] += 1
print("categories x urgency", sorted(cats.items()))
def band(t):
    w = len(t.split()); return "short" if w <= 12 else ("medium" if w <= 24 else "long")
for h in "AB":
    print(h, "length", collections.Counter(band(x["text"]) for x in m if x["half"] == h))
print("overall length", collections.Counter(band(x["text"]) for x in m))
