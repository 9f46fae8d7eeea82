"""The import map of issue 14, held from now on: bench/code_map.py's check on the repository itself
(tests/test_code_map.py tests the tool on made-up trees)."""

from bench import code_map


def test_the_import_map_has_no_cycle_and_only_the_explained_upward_imports():
    imports = code_map.find_imports()
    upward = code_map.upward_imports(imports)

    assert code_map.cycles(imports) == []
    assert len(upward) <= code_map.MAX_UPWARD
    assert [f"{i.where} {i.importer} -> {i.imported}" for i in upward if not code_map.allowed_reason(i)] == []
    assert code_map.problems(imports) == []


def test_every_allowed_upward_import_is_still_made():
    upward = code_map.upward_imports(code_map.find_imports())

    made = {code_map.allowed_reason(i) for i in upward}

    assert [pair for pair, reason in code_map.ALLOWED_UPWARD.items() if reason not in made] == []


def test_every_import_inside_a_function_says_why():
    assert [i.where for i in code_map.uncommented_function_imports(code_map.find_imports())] == []
