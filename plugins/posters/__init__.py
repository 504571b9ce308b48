"""Posters: a printable poster page for every campaign, with a QR code made at build time.

Why: partners print posters for waiting rooms and notice boards. Each campaign gets
/campaigns/<slug>/poster/: the key message, the helpline, the Get Help address and a QR
code (SVG, made by segno, no external service) that opens the campaign page. Adding a
campaign file adds its poster; nothing else to edit. Printed, the page is a poster filling
one A4 sheet; `make posters` (scripts/print_posters.py) prints every poster at A4 and A3 as
PDFs for a printer.
"""

from .posters import register

__all__ = ["register"]
