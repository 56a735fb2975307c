"""Reads for the process page's entry points (counts and drafts come from selectors, no logic here)."""

from django import template

from .. import selectors

register = template.Library()


@register.simple_tag
def public_proposal_count(process):
    return selectors.public_proposal_count(process=process)


@register.simple_tag
def my_drafts(process, user):
    return list(selectors.drafts_of(user=user, process=process)[:3])
