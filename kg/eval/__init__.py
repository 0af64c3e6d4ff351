"""Scoring against gold annotations (PolNeAR, brat, JSONL) and training the cue model on them."""
