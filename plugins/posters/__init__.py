"""Posters: a printable A4 poster page for every campaign, with a QR code made at build time.

Why: partners print posters for waiting rooms and notice boards. Each campaign gets
/campaigns/<slug>/poster/: the key message, the helpline, the Get Help address and a QR
code (SVG, made by segno, no external service) that opens the campaign page. Adding a
campaign file adds its poster; nothing else to edit.
"""

from .posters import register

__all__ = ["register"]
