"""Plain-text sources as The Anarchist Library publishes them: the Muse header.

The library (and its sister libraries, all run on AmuseWiki) gives each text's
plain-text source as a ``.muse`` file that opens with directives, one a line:
``#title``, ``#author``, ``#date``, ``#source`` ("Retrieved on … from …"),
``#lang``, ``#pubdate``, ``#notes``. They describe the text (the plain-text
reader puts them in the source's meta), they are not its words: the rule
removes them and the report lists them under its name.
"""

from __future__ import annotations

from zinepress.transforms import Rule
from zinepress.transforms.page_furniture import drop_divs

MUSE_HEADER = Rule(
    "muse-header",
    "drops the Muse header of a text from The Anarchist Library (#title, #author, #date, #source, #lang, "
    "#pubdate, #notes); its facts go into the source's meta",
    drop_divs("muse-header", "muse-header",
              "the Muse header of the library's plain-text source (the text's title, author, date, source)"),
)
