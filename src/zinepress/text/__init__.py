"""Text facts shared by every stage: the Han range and Chinese punctuation classes, sentences."""
