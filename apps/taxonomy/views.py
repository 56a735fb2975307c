from django.http import Http404
from django.shortcuts import render

from apps.spaces.views import visible_process_or_404


def theme_detail(request, slug, theme_slug):
    process = visible_process_or_404(request, slug)
    theme = next((t for t in process.themes.all() if t.slug == theme_slug), None)
    if theme is None:
        raise Http404
    categories = [c for c in process.top_categories if c.theme_id == theme.pk]
    return render(
        request, "taxonomy/theme_detail.html", {"process": process, "theme": theme, "categories": categories}
    )
