"""In-process timings: detection + triage without Rasa, and NLU parse + triage through the trained model."""
from __future__ import annotations

import time
from typing import Any, Callable, Iterable

from triage_tools.bench.stats import latency_summary


def time_each(texts: Iterable[str], call: Callable[[str], object]) -> list[float]:
    """Milliseconds `call` takes for each text, one after the other."""
    samples = []
    for text in texts:
        start = time.perf_counter()
        call(text)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def measure_in_process(texts: list[str]) -> dict[str, Any]:
    """Start-up and per-message latency of the triage engine alone and of the model's parse + triage."""
    start = time.perf_counter()
    from bot.detection import default_detector
    from bot.triage import PatientMessage, decide
    detector = default_detector()
    detector_seconds = time.perf_counter() - start
    engine = time_each(texts, lambda text: decide(PatientMessage(detector.detect(text))))

    from triage_tools.rasa_runtime import LocalAssistant
    start = time.perf_counter()
    assistant = LocalAssistant.load()
    model_seconds = time.perf_counter() - start
    parse = time_each(texts, assistant.triage)
    return {"detector_start_s": detector_seconds, "detection_triage": latency_summary(engine),
            "model_load_s": model_seconds, "parse_triage": latency_summary(parse)}
