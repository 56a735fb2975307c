"""`{% extends %}`, Django's tag, with the root template's blocks found once per compiled template (a template
builtin: it replaces Django's `extends` in every template, settings.TEMPLATES).

On every render of a page that extends base.html, Django's ExtendsNode walks base.html's whole node tree to list its
blocks (`nodelist.get_nodes_by_type(BlockNode)`): about 750 Python calls a page, for an answer that cannot change
once the template is compiled. MemoExtendsNode keeps that answer on the compiled parent (a Template object, which the
cached loader reuses; without it each load compiles a new object and the walk runs again, as before). Everything else
is Django 5.2's ExtendsNode.render, and the block context receives the same blocks in the same order.
"""

from django import template
from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends

register = template.Library()

_ROOT_BLOCKS = "_pb_root_blocks"
_UNKNOWN = object()


def root_blocks(compiled_parent):
    """{name: BlockNode} of `compiled_parent` when it is the root of the chain (it extends nothing), else None;
    worked out once per compiled template, as Django's ExtendsNode.render does on each render."""
    blocks = compiled_parent.__dict__.get(_ROOT_BLOCKS, _UNKNOWN)
    if blocks is _UNKNOWN:
        blocks = None
        for node in compiled_parent.nodelist:
            # The ExtendsNode has to be the first non-text node.
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    blocks = {n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)}
                break
        # BlockContext.add_blocks reads the dict and never changes it: one dict serves every render.
        compiled_parent.__dict__[_ROOT_BLOCKS] = blocks
    return blocks


class MemoExtendsNode(ExtendsNode):
    def render(self, context):
        # Django 5.2's ExtendsNode.render, the root's blocks remembered.
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = root_blocks(compiled_parent)
        if blocks is not None:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag
def extends(parser, token):
    """Django's {% extends %} (the same syntax and checks, parsed by Django), rendered by MemoExtendsNode."""
    node = do_extends(parser, token)
    node.__class__ = MemoExtendsNode
    return node
