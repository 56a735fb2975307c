"""Pictures for the demo, drawn with Pillow (nothing is downloaded): a sky, hills, trees and houses, different for
each seed, so cards and process pages show what a real town's would."""

import io
import random

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw

PALETTES = [
    ((135, 190, 235), (95, 160, 80), (40, 110, 60)),  # summer park
    ((250, 205, 150), (170, 140, 90), (90, 120, 60)),  # evening
    ((170, 200, 225), (120, 150, 120), (60, 90, 70)),  # grey morning
    ((200, 225, 245), (150, 185, 110), (70, 130, 70)),  # spring
]


def picture(seed, size=(960, 540)):
    """A JPEG (ContentFile) of a little townscape, the same for the same seed."""
    rng = random.Random(seed)
    width, height = size
    sky, ground, trees = PALETTES[rng.randrange(len(PALETTES))]
    image = Image.new("RGB", size, sky)
    draw = ImageDraw.Draw(image)
    for y in range(height // 2):  # the sky lightens towards the horizon
        shade = tuple(min(255, c + y * 60 // height) for c in sky)
        draw.line([(0, y), (width, y)], fill=shade)
    horizon = height * rng.randint(55, 68) // 100
    draw.ellipse([-width // 3, horizon - height // 6, width * 2 // 3, horizon + height // 3], fill=ground)
    draw.ellipse([width // 3, horizon - height // 8, width * 4 // 3, horizon + height // 3], fill=ground)
    draw.rectangle([0, horizon + height // 10, width, height], fill=ground)
    for _house in range(rng.randint(3, 6)):
        x = rng.randint(0, width - 120)
        w, h = rng.randint(70, 140), rng.randint(60, 150)
        base = horizon + rng.randint(0, height // 8)
        wall = rng.choice([(235, 225, 205), (220, 160, 120), (245, 240, 230), (200, 190, 175)])
        draw.rectangle([x, base - h, x + w, base], fill=wall)
        draw.polygon([(x - 8, base - h), (x + w // 2, base - h - w // 2), (x + w + 8, base - h)], fill=(150, 70, 50))
        for wx in range(x + 12, x + w - 20, 30):
            draw.rectangle([wx, base - h + 15, wx + 14, base - h + 35], fill=(90, 120, 160))
    for _tree in range(rng.randint(4, 9)):
        x = rng.randint(0, width)
        base = horizon + rng.randint(height // 12, height // 3)
        r = rng.randint(25, 60)
        draw.rectangle([x - 5, base - r, x + 5, base], fill=(100, 70, 40))
        draw.ellipse([x - r, base - 3 * r, x + r, base - r], fill=trees)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=78, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name=f"demo-{seed}.jpg")


def set_hero_image(process, seed):
    """Give a demo process its hero picture once (a second run keeps it)."""
    if not process.hero_image:
        process.hero_image.save(f"{process.slug}.jpg", picture(seed, (1200, 338)), save=True)
