"""Reading proposals: the list (and map), the detail page and the embeddable card."""

from urllib.parse import quote

from csp.decorators import csp_replace
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt

from apps.core.pagination import CappedPaginator, ranking_window
from apps.spaces.views import visible_process_or_404

from .. import cards, selectors
from ..filters import ProposalFilterSet
from ..models import Proposal
from .common import HiddenByModeration, visible_proposal

PAGE_SIZE = 20
MAP_VIEW = "map"  # ?view=map shows the map instead of the list


def proposal_list(request, slug):
    process = visible_process_or_404(request, slug)
    filterset = ProposalFilterSet(
        request.GET or None,
        queryset=selectors.proposal_list_base(process=process, user=request.user),
        process=process,
        user=request.user,
    )
    sort = request.GET.get("order")
    # A searched list is ranked by relevance, unless the visitor chose another order than the default one.
    searching = filterset.is_bound and filterset.is_valid() and bool(filterset.form.cleaned_data.get("q", "").strip())
    sort_choices = list(selectors.Sort.choices)
    if searching:
        sort_choices.insert(0, (selectors.RELEVANCE, _("Best match")))
        if sort in (None, "", selectors.RELEVANCE, selectors.Sort.RANDOM):
            sort = selectors.RELEVANCE
    elif sort not in selectors.Sort.values:
        sort = selectors.Sort.RANDOM
    map_view = request.GET.get("view") == MAP_VIEW  # otherwise the paginated list
    context = {
        "process": process,
        "filter": filterset,
        "sort": sort,
        "sort_choices": sort_choices,
        "map_view": map_view,
        "map_view_param": MAP_VIEW,
        "drafts": list(selectors.drafts_of(user=request.user, process=process)[:5]),
    }
    if map_view:
        points = selectors.map_points(filterset.qs)
        for point in points:
            point["url"] = reverse("proposals:detail", kwargs={"slug": process.slug, "pk": point["id"]})
        context["map_points"] = points
        context["map_defaults"] = selectors.map_defaults(process=process)
    else:
        seed = 0
        if sort == selectors.Sort.RANDOM:
            if request.user.is_authenticated and not selectors.has_random_order_slot(request):
                seed = selectors.visitor_seed(user=request.user)  # their own order (never cached)
            else:
                # One of the day's few orders (each page cached for all who have it), kept through the links.
                slot = selectors.random_order_slot(request)
                seed = selectors.random_order_seed(slot)
                if request.GET.get(selectors.RANDOM_ORDER_PARAM) != str(slot):
                    request.GET = request.GET.copy()  # the page's links ({% querystring %}) carry it
                    request.GET[selectors.RANDOM_ORDER_PARAM] = str(slot)
                context["order_slot"] = slot
        if sort == selectors.RELEVANCE:
            # Only as many matches as the capped count can promise are ranked (the newest of them); the count reads
            # the same window.
            window = ranking_window(request.GET.get("page"), PAGE_SIZE)
            ordered = counted = selectors.best_matches(filterset.qs, user=request.user, window=window)
        else:
            ordered = counted = selectors.order_proposals(filterset.qs, sort=sort, seed=seed)
        paginator = CappedPaginator(ordered, PAGE_SIZE, page=request.GET.get("page"), counted=counted)
        page_obj = paginator.get_page()
        proposals = selectors.attach_card_images(page_obj.object_list)
        for proposal in proposals:
            proposal.process = process
        cards.attach_card_bodies(proposals)
        context.update(
            {
                "page_obj": page_obj,
                "proposals": proposals,
                "paginator": paginator,
                "page_range": paginator.page_links(page_obj.number),
            }
        )
    return render(request, "proposals/proposal_list.html", context)


def _share_links(url, title):
    u, t = quote(url, safe=""), quote(title, safe="")
    return [
        ("email", _("E-mail"), f"mailto:?subject={t}&body={u}"),
        ("x", "X (Twitter)", f"https://twitter.com/intent/tweet?url={u}&text={t}"),
        ("facebook", "Facebook", f"https://www.facebook.com/sharer/sharer.php?u={u}"),
        ("linkedin", "LinkedIn", f"https://www.linkedin.com/sharing/share-offsite/?url={u}"),
        ("whatsapp", "WhatsApp", f"https://wa.me/?text={t}%20{u}"),
    ]


def proposal_detail(request, slug, pk):
    process = visible_process_or_404(request, slug)
    try:
        proposal = visible_proposal(request, process, pk, say_hidden=True)
    except HiddenByModeration:
        # A direct link to hidden content says so, and shows nothing of it.
        return render(request, "proposals/proposal_hidden.html", {"process": process}, status=410)
    if proposal.status == Proposal.Status.DRAFT:
        return redirect("proposals:wizard", slug=process.slug, pk=proposal.pk, step=proposal.wizard_step)
    absolute_url = request.build_absolute_uri(proposal.get_absolute_url())
    embed_url = request.build_absolute_uri(reverse("proposals:embed", kwargs={"slug": process.slug, "pk": pk}))
    context = {
        "process": process,
        "proposal": proposal,
        "attachments": proposal.attachment_list,
        "images": [a for a in proposal.attachment_list if a.is_image],
        "documents": [a for a in proposal.attachment_list if not a.is_image],
        "absolute_url": absolute_url,
        "share_links": _share_links(absolute_url, proposal.title),
        "embed_snippet": f'<iframe src="{embed_url}" width="400" height="320" loading="lazy" '
        f'title="{escape(proposal.title)}"></iframe>',
        "map_point": (
            {"lat": float(proposal.latitude), "lng": float(proposal.longitude), "title": proposal.title}
            if proposal.is_geolocated
            else None
        ),
        "target": proposal,
    }
    return render(request, "proposals/proposal_detail.html", context)


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
def proposal_embed(request, slug, pk):
    process = visible_process_or_404(request, slug)
    proposal = visible_proposal(request, process, pk)
    if proposal.status == Proposal.Status.DRAFT:
        raise Http404
    return render(request, "proposals/proposal_embed.html", {"process": process, "proposal": proposal})
