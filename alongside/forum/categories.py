"""The categories a recovery community starts with. The migration seeds them; operators then
manage them in the admin. `ensure_categories` puts back any that are missing (demo, tests)."""

# ruff: noqa: E501
CATEGORIES = [
    ("introductions", "Introductions", "New here? Say hello. Everyone started somewhere."),
    ("milestones-and-triumphs", "Milestones and triumphs", "Big days and small wins, all worth celebrating."),
    ("cravings-and-triggers", "Cravings and triggers", "What's pulling at you, and what helps you ride it out."),
    ("family-and-relationships", "Family and relationships", "Partners, parents, kids, friends: rebuilding together."),
    ("mental-health", "Mental health", "Anxiety, depression, trauma and recovery, side by side."),
    ("sober-fun", "Sober fun", "Things to do, places to go, joy without substances."),
    ("questions", "Questions", "Ask anything about recovery, pathways or this community."),
    ("recovery-stories", "Recovery stories", "Members' stories, shared in their own words."),
]  # fmt: skip


def ensure_categories(board_model: type, category_model: type) -> int:
    made = 0
    for position, (slug, name, description) in enumerate(CATEGORIES):
        if not category_model.objects.filter(slug=slug).exists():  # type: ignore[attr-defined]
            board = board_model.objects.create(kind="forum")  # type: ignore[attr-defined]
            category_model.objects.create(  # type: ignore[attr-defined]
                slug=slug, name=name, description=description, position=position, board=board
            )
            made += 1
    return made
