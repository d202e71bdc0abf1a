"""Cleaning rules for WordPress/Jetpack exports: site chrome, tweets, image duplicates.

The class names below are WordPress's and Jetpack's own (not this book's):
they mark the parts of a post page that are the site, not the post.
"""

from __future__ import annotations

from zinepress.model import Block, Div, Figure, Source
from zinepress.transforms import Rule, RuleContext
from zinepress.walk import block_text, map_blocks

# What each chrome class is, for the report.
CHROME_CLASSES = {
    "entry-meta": "author, categories and date line above the post",
    "sharedaddy": "Jetpack share buttons and likes",
    "jp-relatedposts": "Jetpack related posts",
    "entry-footer": "tag list below the post",
    "post-tags": "tag list below the post",
    "entry-author-wrapper": "author box and 'Published' date below the post",
    "site-posted-on": "'Published' date below the post",
    "comments-area": "the readers' comments and the reply form (WordPress's comments template)",
    "comment-respond": "the reply form below the comments",
    "post-navigation": "links to the previous and next posts",
    "nav-paging": "links to the previous and next posts",
    "widget-area": "the site's sidebar widgets",
    "site-header": "the site's header: its name, description and menu",
    "site-footer": "the site's footer: widgets, links and credits",
    "widget_eu_cookie_law_widget": "the cookie banner (Jetpack's EU cookie law widget)",
    "skip-link": "the link that skips to the content, for screen readers",
    "widget": "a widget of the site's sidebar or footer (WordPress's widget class)",
}
# What a part of the page says it is (its ARIA role; a <nav> is "navigation").
CHROME_ROLES = {"navigation": "the site's menus and links (role navigation)",
                "banner": "the site's header (role banner)",
                "contentinfo": "the site's footer (role contentinfo)",
                "complementary": "the site's sidebar (role complementary)",
                "search": "the site's search form (role search)"}
CHROME_ID_PREFIXES = {"atatags-": "WordPress.com ad slot", "jp-relatedposts": "Jetpack related posts"}
# Ids WordPress themes give to a whole part of the page (matched exactly).
CHROME_IDS = {"comments": "the readers' comments (WordPress's comments template)",
              "respond": "the reply form below the comments",
              "masthead": "the site's header: its name, description and menu",
              "header": "the site's header: its name, description and menu",
              "footer": "the site's footer: widgets, links and credits",
              "colophon": "the site's footer: widgets, links and credits",
              "eu-cookie-law": "the cookie banner (Jetpack's EU cookie law widget)",
              "sidebar": "the site's sidebar"}
LAZY_ATTRIBUTES = ("data-lazy-src", "data-lazy-srcset", "data-lazy-sizes", "srcset")


def _chrome_reason(block: Block) -> str | None:
    if not isinstance(block, Div):
        return None
    for cls in block.classes:
        if cls in CHROME_CLASSES:
            return CHROME_CLASSES[cls]
    if block.ident in CHROME_IDS:
        return CHROME_IDS[block.ident]
    if block.role in CHROME_ROLES:
        return CHROME_ROLES[block.role]
    for prefix, reason in CHROME_ID_PREFIXES.items():
        if block.ident.startswith(prefix):
            return reason
    return None


def _drop_where(rule: str, source: Source, ctx: RuleContext, judge) -> Source:
    """Drop every block for which judge(block) gives a reason; log its text."""
    def visit(block: Block) -> list[Block]:
        reason = judge(block)
        if reason is None:
            return [block]
        ctx.log.removed(rule, block.prov, block_text(block), reason)
        return []
    source.blocks = map_blocks(source.blocks, visit)
    return source


def _drop_chrome(source: Source, ctx: RuleContext) -> Source:
    return _drop_where("wordpress-chrome", source, ctx, _chrome_reason)


def _drop_tweets(source: Source, ctx: RuleContext) -> Source:
    return _drop_where("embedded-tweets", source, ctx,
                       lambda b: "embedded tweet (a widget of the site, not the post's text)"
                       if isinstance(b, Div) and "twitter-tweet" in b.classes else None)


def _drop_noscript_duplicates(source: Source, ctx: RuleContext) -> Source:
    def visit(block: Block) -> list[Block]:
        if isinstance(block, Figure):
            shown = {img.src for img in block.images if "in-noscript" not in img.attrs}
            kept = []
            for img in block.images:
                if "in-noscript" in img.attrs and img.src in shown:
                    ctx.log.removed("noscript-duplicates", img.prov or block.prov, f"<img src={img.src}>",
                                    "copy of the picture for browsers without JavaScript")
                else:
                    kept.append(img)
            block.images = kept
        return [block]
    source.blocks = map_blocks(source.blocks, visit)
    return source


def _strip_lazy_load(source: Source, ctx: RuleContext) -> Source:
    def visit(block: Block) -> list[Block]:
        if isinstance(block, Figure):
            for img in block.images:
                dropped = {k: img.attrs.pop(k) for k in LAZY_ATTRIBUTES if k in img.attrs}
                classes = img.attrs.get("class", "").split()
                if "jetpack-lazy-image" in classes:
                    classes.remove("jetpack-lazy-image")
                    img.attrs["class"] = " ".join(classes)
                    dropped["class"] = "jetpack-lazy-image"
                if dropped:
                    ctx.log.edited("lazy-load", img.prov or block.prov,
                                   " ".join(f"{k}={v}" for k, v in dropped.items()), "")
        return [block]
    source.blocks = map_blocks(source.blocks, visit)
    return source


WORDPRESS_CHROME = Rule("wordpress-chrome",
                        "drops the site around the post: meta line, share buttons, likes, "
                        "related posts, tags, 'Published' box", _drop_chrome)
EMBEDDED_TWEETS = Rule("embedded-tweets", "drops embedded tweets (site widgets, not the post's text)",
                       _drop_tweets)
NOSCRIPT_DUPLICATES = Rule("noscript-duplicates",
                           "drops <noscript> copies of pictures already in the figure",
                           _drop_noscript_duplicates)
LAZY_LOAD = Rule("lazy-load", "removes lazy-load placeholders and attributes from pictures",
                 _strip_lazy_load)
