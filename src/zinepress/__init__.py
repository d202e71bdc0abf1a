"""zinepress: messy sources in, a finished book out (EPUB 3, print PDF, zine booklet)."""
