"""Reads for the process page's entry points (counts and drafts come from selectors, no logic here)."""

from django import template

from .. import cards, selectors

register = template.Library()


@register.simple_tag
def public_proposal_count(process):
    return selectors.public_proposal_count(process=process)


@register.simple_tag
def my_drafts(process, user):
    return list(selectors.drafts_of(user=user, process=process)[:3])


THEME_PAGE_SIZE = 12


@register.simple_tag(takes_context=True)
def theme_proposals(context, process, theme):
    """The proposals a theme page lists: the list filtered by the theme, in the list's orders (?order=), the
    first THEME_PAGE_SIZE of them; `count` says how many there are in all."""
    request = context["request"]
    sort = request.GET.get("order")
    if sort not in selectors.Sort.values:
        sort = selectors.Sort.RANDOM
    seed = 0
    if sort == selectors.Sort.RANDOM:
        # As on the list page: a signed-in visitor's own order, else one of the day's few (cached) orders.
        if request.user.is_authenticated and not selectors.has_random_order_slot(request):
            seed = selectors.visitor_seed(user=request.user)
        else:
            seed = selectors.random_order_seed(selectors.random_order_slot(request))
    queryset = selectors.theme_proposals(process=process, theme=theme, user=request.user)
    ordered = selectors.order_proposals(queryset, sort=sort, seed=seed)
    proposals = selectors.attach_card_images(ordered[:THEME_PAGE_SIZE])
    for proposal in proposals:
        proposal.process = process
    cards.attach_card_bodies(proposals, heading_level=3)  # theme_detail.html's cards
    count = len(proposals) if len(proposals) < THEME_PAGE_SIZE else queryset.count()
    return {"proposals": proposals, "count": count, "sort": sort, "sort_choices": selectors.Sort.choices}
