"""bench/code_map.py: the import map's figures of issue 14, read from the source."""

import textwrap

from bench import code_map


def write(root, files: dict[str, str]):
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))
    for folder in ("newsroom", "newsroom/places", "newsroom/translations", "newsroom/articles"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "__init__.py").touch()
    (root / "templates").mkdir(exist_ok=True)
    return root


def test_an_import_inside_a_function_counts_and_closes_a_cycle(tmp_path):
    root = write(
        tmp_path,
        {
            "newsroom/places/models.py": "from newsroom.translations.models import Translation\n",
            "newsroom/translations/models.py": """
                class Translation:
                    def place(self):
                        # Places build on translations.
                        from newsroom.places.models import Place
            """,
        },
    )
    imports = code_map.find_imports(root)

    assert code_map.cycles(imports) == [["newsroom.places.models", "newsroom.translations.models"]]
    [hidden] = code_map.function_imports(imports)
    assert (hidden.where, hidden.imported, hidden.commented) == (
        "newsroom/translations/models.py:5",
        "newsroom.places.models",
        True,
    )


def test_an_import_from_a_lower_layer_into_a_higher_one_runs_upward(tmp_path):
    root = write(
        tmp_path,
        {
            "newsroom/places/models.py": "from newsroom.translations.models import Translation\n",
            "newsroom/translations/admin.py": "from newsroom.articles.models import Article\n",
            "newsroom/articles/models.py": "from newsroom.places import models\n",
        },
    )
    imports = code_map.find_imports(root)

    [upward] = code_map.upward_imports(imports)
    assert (upward.where, upward.importer, upward.imported) == (
        "newsroom/translations/admin.py:1",
        "newsroom.translations.admin",
        "newsroom.articles.models",
    )
    assert code_map.cycles(imports) == []


def test_from_a_package_import_a_module_is_an_import_of_that_module(tmp_path):
    root = write(tmp_path, {"newsroom/articles/models.py": "from newsroom.places import models, __name__\n"})
    (tmp_path / "newsroom/places/models.py").touch()

    assert {i.imported for i in code_map.find_imports(root)} == {"newsroom.places.models"}


def test_a_comment_on_an_import_or_above_its_run_of_imports_says_why(tmp_path):
    root = write(
        tmp_path,
        {
            "newsroom/articles/models.py": """
                import json  # at the top: no comment needed


                def on_its_line():
                    import csv  # loaded by the export only


                def above_a_run():
                    # Loaded by the export only.
                    import csv

                    from newsroom.places import models


                def below_code():
                    value = 1  # a comment about the value
                    import csv


                def after_the_docstring():
                    \"\"\"A docstring is no reason.\"\"\"
                    import csv
            """,
        },
    )
    imports = code_map.find_imports(root)

    assert len(code_map.function_imports(imports)) == 5
    assert [i.where for i in code_map.uncommented_function_imports(imports)] == [
        "newsroom/articles/models.py:18",
        "newsroom/articles/models.py:23",
    ]


def test_imports_for_type_checking_only_are_left_out(tmp_path):
    root = write(
        tmp_path,
        {
            "newsroom/places/models.py": """
                from typing import TYPE_CHECKING

                if TYPE_CHECKING:
                    from newsroom.articles.models import Article
            """,
        },
    )

    assert [i.imported for i in code_map.find_imports(root)] == ["typing"]


def test_an_upward_import_passes_the_check_only_when_allowed_with_a_reason(tmp_path, monkeypatch):
    root = write(tmp_path, {"newsroom/translations/admin.py": "from newsroom.articles import models\n"})
    (tmp_path / "newsroom/articles/models.py").touch()
    imports = code_map.find_imports(root)

    assert code_map.problems(imports, root) == [
        "upward import not in ALLOWED_UPWARD: newsroom/translations/admin.py:1 "
        "newsroom.translations.admin -> newsroom.articles.models"
    ]
    monkeypatch.setattr(code_map, "ALLOWED_UPWARD", {("newsroom.translations", "newsroom.articles"): "a reason"})
    assert code_map.problems(imports, root) == []
    assert code_map.allowed_reason(imports[0]) == "a reason"


def test_a_module_in_no_layer_is_a_problem(tmp_path):
    root = write(tmp_path, {"newsroom/gadgets.py": ""})

    assert code_map.problems(code_map.find_imports(root), root) == [
        "module in no layer (add it to LAYERS): newsroom.gadgets"
    ]


def test_template_lines_over_120_characters_are_counted(tmp_path):
    root = write(tmp_path, {"templates/page.html": "short\n" + "x" * 120 + "\n" + "é" * 121 + "\n"})

    assert code_map.long_template_lines(root) == (1, 3)


def test_the_report_is_a_markdown_table_of_the_figures(tmp_path):
    root = write(tmp_path, {"newsroom/places/models.py": "def f():\n    import csv\n", "templates/a.html": "a\n"})

    table = code_map.report(root).split("\n\n")[0].splitlines()

    assert table[:2] == ["| figure | count |", "| --- | --- |"]
    assert "| imports inside functions | 1 (0 of `newsroom`), 1 without a comment saying why |" in table


def test_every_module_of_the_site_has_a_layer():
    assert code_map.unplaced_modules() == []
