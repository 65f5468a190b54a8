# ruff: noqa: E501  (demo data reads best one entry per line)
"""Demo forum: warm threads in each category, strategies peers vouch for, a story."""

from alongside.accounts.models import User
from alongside.discussions import actions as discussions
from alongside.discussions.models import Board, Thread
from alongside.forum import actions
from alongside.forum.categories import ensure_categories
from alongside.forum.models import Category, Strategy, Vouch

THREADS = [
    ("introductions", "alex", "Hi, I'm three days in", "First time posting. Cedar Ridge gave me this link. I'm scared but here.", False, "",
     [("sam", "Welcome, alex. Three days is a real start. One hour at a time if that's what it takes."), ("river", "So glad you posted. The first week is the hardest; it gets steadier.")]),
    ("milestones-and-triumphs", "quinn", "90 days today", "Never thought I'd write this. Thank you all for the late-night replies.", False, "",
     [("kai", "Huge! Proud of you."), ("priya", "This made my morning.")]),
    ("cravings-and-triggers", "jamie", "Payday cravings", "Every payday the old routine calls. What do you do with the first hour after work?", False, "",
     [("dev", "I go straight to the gym, bag packed the night before."), ("sam", "Call someone on the drive home. Every single time.")]),
    ("cravings-and-triggers", "eli", "A hard weekend", "I slipped on Saturday. I'm back at day one and trying not to hate myself.", True, "relapse",
     [("ray", "Day one again is still day one of trying. You're here and telling us, that matters."), ("hana", "Be as kind to yourself as you'd be to a friend.")]),
    ("family-and-relationships", "hana", "Rebuilding trust with my partner", "How long did it take before your partner stopped checking on you?", False, "",
     [("ben", "For us about a year. Consistency did more than promises.")]),
    ("sober-fun", "priya", "Best mocktail so far?", "Mine: ginger beer, lime and a lot of mint.", False, "",
     [("jules", "Tonic with grapefruit and rosemary!"), ("river", "Sparkling water with cherry juice, fancy glass.")]),
]  # fmt: skip

STRATEGIES = [
    ("sam", "Play the tape forward", "cravings", "When a craving hits, picture the whole night, not just the first drink: the next morning, the calls, how you'll feel.", "In the first minutes of a craving."),
    ("jamie", "HALT check", "triggers", "Ask: am I Hungry, Angry, Lonely or Tired? Eat something, text someone, rest. Many cravings shrink after.", "When a mood turns suddenly."),
    ("dev", "Urge surfing for 15 minutes", "cravings", "Set a timer. Notice the urge like a wave: where you feel it, how it rises and falls. Most peak and pass within 15 minutes.", "When you can't leave the situation."),
    ("priya", "Bring your own drink", "celebrations", "Arrive with a drink you like in hand. Fewer offers, less explaining.", "Parties, weddings, work events."),
    ("kai", "Wind-down routine", "sleep", "Same time each night: phone away, shower, a page of reading. Sleep came back after a few weeks.", "Early recovery insomnia."),
    ("river", "Morning walk with a podcast", "stress", "Twenty minutes outside before work. Movement and daylight steady the day.", "Mornings after a rough night."),
    ("hana", "Text one person a day", "loneliness", "Even just 'thinking of you'. Connection is a habit.", "Evenings and weekends."),
]  # fmt: skip

STORY = (
    "How I got here",
    "I spent ten years thinking I could manage it.\n\nCedar Ridge was the first place where nobody looked at me like I was broken. "
    "What helped most wasn't a big moment; it was small ones: a coffee after group, a text back at 2 a.m., "
    "someone saying *me too*.\n\nIf you're at the start: you don't have to see the whole road. Just the next step.",
)


def load() -> str:
    ensure_categories(Board, Category)
    if Thread.objects.filter(board__kind="forum").exists():
        return "0 forum threads"
    users = {u.handle: u for u in User.objects.all()}
    made = 0
    for slug, author, title, body, anonymous, warning, replies in THREADS:
        category = Category.objects.filter(slug=slug).first()
        if category is None or author not in users:
            continue
        thread = discussions.start_thread(
            user=users[author], board=category.board, title=title, body=body,
            anonymous=anonymous, content_warning=warning,
        )  # fmt: skip
        for replier, text in replies:
            if replier in users:
                post = discussions.reply(user=users[replier], thread=thread, body=text)
                discussions.toggle_reaction(user=users[author], post=post, kind="thanks")
        made += 1
    if not Strategy.objects.exists():
        for author, title, situation, what, when in STRATEGIES:
            if author in users:
                strategy = actions.add_strategy(
                    user=users[author],
                    title=title,
                    situation=situation,
                    what_to_do=what,
                    when_it_helps=when,
                )
                for handle in ("river", "sam", "quinn", "kai", "priya", "dev")[
                    : len(title) % 6 + 1
                ]:
                    if handle in users:
                        Vouch.objects.get_or_create(strategy=strategy, user=users[handle])
    if "sam" in users:
        story = actions.save_story(
            user=users["sam"], title=STORY[0], body=STORY[1], visibility="members", published=True
        )
        actions.share_story(user=users["sam"], story=story)
    return f"{made} forum threads"
