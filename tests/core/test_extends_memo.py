"""{% extends %} with the root's blocks found once (apps/core/templatetags/extends_memo.py): the same pages as Django's
tag, through one, two and three levels, {{ block.super }}, a variable parent and the project's own templates."""

import pytest
from django.template import Context, Engine
from django.template.loader import get_template
from django.template.loader_tags import BlockNode
from django.test import RequestFactory

from apps.core.templatetags.extends_memo import MemoExtendsNode

TEMPLATES = {
    "root.html": "<title>{% block title %}Root{% endblock %}</title>"
    "{% block body %}<p>root body</p>{% block inner %}root inner{% endblock %}{% endblock %}"
    "{% if flag %}{% block footer %}root footer{% endblock %}{% endif %}",
    "middle.html": "{% extends 'root.html' %}{% block title %}Middle / {{ block.super }}{% endblock %}"
    "{% block inner %}middle inner{% endblock %}",
    "leaf.html": "{% extends 'middle.html' %}{% block title %}Leaf / {{ block.super }}{% endblock %}"
    "{% block footer %}leaf footer {{ block.super }}{% endblock %}",
    "direct.html": "{% extends 'root.html' %}{% block body %}direct body, {{ block.super }}{% endblock %}",
    "variable.html": "{% extends parent %}{% block inner %}from a variable{% endblock %}",
}


def engines():
    loaders = [("django.template.loaders.cached.Loader", [("django.template.loaders.locmem.Loader", TEMPLATES)])]
    plain = Engine(loaders=loaders)
    memo = Engine(loaders=loaders, builtins=["apps.core.templatetags.extends_memo"])
    return plain, memo


@pytest.mark.parametrize("name", ["leaf.html", "middle.html", "direct.html", "variable.html"])
@pytest.mark.parametrize("flag", [True, False])
def test_the_page_is_django_s_page(name, flag):
    plain, memo = engines()
    for _ in range(2):  # the second render uses the remembered blocks
        context = {"flag": flag, "parent": "middle.html"}
        expected = plain.get_template(name).render(Context(context))
        assert memo.get_template(name).render(Context(context)) == expected
    assert "root" in expected or "Leaf" in expected


def test_three_levels_and_block_super_render_as_written():
    _plain, memo = engines()
    html = memo.get_template("leaf.html").render(Context({"flag": True}))
    assert html == (
        "<title>Leaf / Middle / Root</title><p>root body</p>middle inner"
        "leaf footer root footer"
    )


def test_the_root_s_tree_is_walked_once_per_compiled_template():
    _plain, memo = engines()
    template = memo.get_template("direct.html")
    assert isinstance(template.nodelist[0], MemoExtendsNode)
    root = memo.get_template("root.html")
    walks = []
    walk = root.nodelist.get_nodes_by_type
    root.nodelist.get_nodes_by_type = lambda nodetype: walks.append(nodetype) or walk(nodetype)
    for _ in range(3):
        assert template.render(Context({})) == "<title>Root</title>direct body, <p>root body</p>root inner"
    assert walks == [BlockNode]


def test_a_page_of_the_project_extends_base_html_with_the_memo():
    request = RequestFactory().get("/")
    template = get_template("404.html")
    assert isinstance(template.template.nodelist[0], MemoExtendsNode)
    first = template.render({}, request)
    again = template.render({}, request)
    assert "<html" in first and first.count("<body") == 1
    assert len(again) == len(first)
