"""Demo conversations: river and sam, river and quinn, a message request waiting for river,
and the alumni group's chat."""

from alongside.accounts.models import User
from alongside.groups.models import Group
from alongside.messaging import actions
from alongside.messaging.models import Conversation

DIRECT = [
    (
        "river",
        "sam",
        [
            ("river", "Made it through the wedding. Left before the toasts, like we planned."),
            ("sam", "That's a **big** win. How are you feeling today?"),
            ("river", "Tired, but proud. See you Tuesday?"),
        ],
    ),
    (
        "quinn",
        "river",
        [
            ("quinn", "Want to walk before the Thursday meeting? 6 pm by the river path."),
            ("river", "Yes please. I'll bring coffee."),
        ],
    ),
]
REQUEST = (
    "lee",
    "river",
    "Hi river, I liked your post about mornings. Mind if I ask how you started?",
)
ROOM = (
    "Cedar Ridge Alumni 2025",
    [
        ("casey", "Welcome to the alumni chat! Say hi and share one good thing from this week."),
        ("quinn", "91 days today. Thank you all for the Thursday calls."),
        ("river", "Congratulations, quinn! That's huge."),
    ],
)


def load() -> str:
    users = {u.handle: u for u in User.objects.all()}
    if "lee" in users and Conversation.objects.filter(participants__user=users["lee"]).exists():
        return "0 conversations"  # loaded before
    made = 0
    for first, second, lines in DIRECT:
        if first not in users or second not in users:
            continue
        conversation = actions.start_conversation(user=users[first], other=users[second])
        for author, body in lines:
            actions.send_message(user=users[author], conversation=conversation, body=body)
        made += 1
    sender, recipient, body = REQUEST
    if sender in users and recipient in users:
        conversation = actions.start_conversation(user=users[sender], other=users[recipient])
        actions.send_message(user=users[sender], conversation=conversation, body=body)
        made += 1
    group = Group.objects.filter(name=ROOM[0]).first()
    if group is not None:
        room = actions.group_room(group)
        for author, body in ROOM[1]:
            if author in users:
                actions.send_message(user=users[author], conversation=room, body=body)
        made += 1
    return f"{made} conversations"
