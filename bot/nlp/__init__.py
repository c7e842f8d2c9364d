"""spaCy components for finding symptom mentions without any pretrained model."""
