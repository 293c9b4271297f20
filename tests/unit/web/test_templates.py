"""The portal's templates as Jinja reads them."""

from __future__ import annotations

from jinja2 import nodes

from smartcustoms.web.templating import make_environment


def test_every_template_imports_macros_with_the_page_context() -> None:
    # The shared macros call t() and read lang; imported without the context they fail
    # (`'t' is undefined`) or fall back to English on a Vietnamese page.
    env = make_environment()
    assert env.loader is not None
    without_context = []
    for name in env.loader.list_templates():
        source, _, _ = env.loader.get_source(env, name)
        for node in env.parse(source).find_all((nodes.Import, nodes.FromImport)):
            if not node.with_context:
                without_context.append(name)
    assert without_context == []
