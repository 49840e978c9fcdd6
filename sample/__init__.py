"""A small hand-written Tistory-style blog, rendered to static HTML and served on loopback.

It gives the demo and the tests a site the real crawler can crawl end to end, with the markup
quirks of real Tistory pages (ads, sidebar category lists, related-post tables) and no copied text.
"""
