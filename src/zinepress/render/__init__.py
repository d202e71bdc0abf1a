"""The book model as HTML for the EPUB and print writers: the Jinja environment and the views templates need."""
