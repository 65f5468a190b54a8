"""Crisis-language detector: notices text that may mean someone is in danger.

Principle 3 of Alongside says language that suggests danger is met with resources at once and a
moderator's attention, never with silent deletion (the #chatsafe guidelines). This module is the
"notice" part of that promise. It reads a post, a message or a check-in note and says whether it
may be about

* ``suicide``: wanting to die, to end one's life, not wanting to be here, a plan or a farewell;
* ``self_harm``: hurting, cutting or burning oneself, now or as an urge;
* ``overdose``: an overdose or a medical emergency from use, the writer's own ("I took all my
  pills", "I think I'm overdosing") or someone else's ("he's not breathing", "she's turning blue",
  "no despierta").

It also says whether the danger sounds imminent (``urgent``): a plan, a time ("tonight", "right
now", "esta noche"), a farewell, or an emergency that is happening now.

How it works
------------
1. **Normalise.** Lowercase; strip accents (so "está" and "esta" read the same, and "daño" reads
   "dano"); fold curly quotes; shorten letters repeated three times or more ("dieee"); expand
   contractions and texting forms ("dont", "don't" -> "do not"; "im" -> "i am"; "wanna" -> "want
   to"; "rn" -> "right now"; "kiero" -> "quiero"; "od'd" -> "overdosed"); turn punctuation into
   clause marks; collapse whitespace.
2. **Match.** A lexicon of regular expressions, each with a stable name such as
   ``suicide.want_to_die`` or ``overdose.not_breathing``, written for English and Spanish, for
   present or future intent and emergencies. Bare words ("suicide", "overdose", "kill", "die") are
   never enough on their own: the patterns look for a person in a state ("I want to die", "me
   estoy cortando", "he is not breathing"). A few typos are tolerated ("sucidal", "kil myself").
3. **Read the context** of each match, within its clause or sentence:

   * a *negation* right before it cancels it ("I'm not suicidal", "I would never kill myself",
     "no quiero morir"); patterns whose meaning is itself negative ("I don't want to live",
     "no respira") are not cancelled this way;
   * a *distant past* in the same sentence cancels it ("a year ago", "used to", "when I was
     drinking", "in 2019", "hace dos años", "cuando consumía"); a past-tense match ("I was
     suicidal", "tried to", "overdosed") is also cancelled when the text talks about recovery or
     safety ("90 days sober", "naloxone saved me", "I'm grateful"). A recovery word next to a
     present-tense match does not cancel it: "I'm 90 days sober and I want to die" is flagged;
   * *education and resource talk* in the same sentence cancels it ("signs of an overdose
     include...", "if someone is not breathing, call 911", "training", "taller", "si alguien");
   * *idioms* are kept out by the patterns themselves and their guards ("this traffic is killing
     me", "I'm dying to see it", "me muero de risa", "I'd kill for a coffee", "I want to die my
     hair", "end it with my boyfriend", "cortarme el pelo").

The result is an :class:`Assessment` whose ``matched`` holds pattern *names* only, never the
words that matched, so nothing the member wrote (and no method detail) is echoed back into logs,
queues or notifications.

Limits
------
This supports human attention; it is not a diagnosis and it does not judge how serious anything
is. It reads words, not people: sarcasm, song lyrics, quotes, new slang, other languages, heavy
misspelling and danger said without any of these words ("I gave my dog to my sister, it's
for the best") are missed; some venting and questions are flagged. It leans toward recall on
purpose: a false positive costs a kind, dismissible panel of crisis resources and a moderator
glance; a false negative can cost a life. Nothing it says should ever block, hide or delete
what someone wrote.

The module is pure and has no dependencies beyond the standard library: no Django, no I/O, no
state. Every regular expression is linear (no nested unbounded repeats) and the context checks
read bounded windows, so even very long input is assessed quickly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["CATEGORIES", "PATTERN_NAMES", "Assessment", "assess", "normalize"]

CATEGORIES = frozenset({"suicide", "self_harm", "overdose"})


@dataclass(frozen=True)
class Assessment:
    """What the detector noticed in one text.

    ``matched`` lists the names of the patterns that fired (e.g. ``"overdose.not_breathing"``),
    in the order they first appeared, never the text itself.
    """

    flagged: bool
    categories: frozenset[str]
    urgent: bool
    matched: tuple[str, ...]


NOTHING = Assessment(flagged=False, categories=frozenset(), urgent=False, matched=())

# ---------------------------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------------------------

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})

# Whole-word rewrites applied after lowercasing and accent stripping. Keys are regexes.
_REWRITES: tuple[tuple[str, str], ...] = (
    # English contractions, with and without the apostrophe
    (r"won'?t|wont", "will not"),
    (r"can'?t|cant|can not|cannot", "cannot"),
    (r"ain'?t", "am not"),
    (r"(do|does|did|is|are|was|were|have|has|had|would|could|should|must|need)n'?t", r"\1 not"),
    (r"i'?m|iam", "i am"),
    (r"i'?ve|ive", "i have"),
    (r"i'd", "i would"),
    (r"i'll", "i will"),
    (r"(he|she|it|that|what|there|who|where|everything|everyone|nobody|life)'?s", r"\1 is"),
    (r"(you|they|we)'?re", r"\1 are"),
    (r"(you|they|we)'ve", r"\1 have"),
    (r"(you|they|we|he|she)'ll", r"\1 will"),
    (r"(you|they|we|he|she)'d", r"\1 would"),
    (r"wanna|wana|wanan", "want to"),
    (r"gonna|gona", "going to"),
    (r"gotta", "got to"),
    (r"wnat|wnt|wan", "want"),
    (r"kil|kll", "kill"),
    (r"my self", "myself"),
    (r"self ?harm", "self harm"),
    (r"self ?harming", "self harming"),
    (r"rn", "right now"),
    (r"tonite|2nite|tn", "tonight"),
    (r"any more", "anymore"),
    (r"od'?d|od'?ed|oded", "overdosed"),
    (r"od'?ing|oding", "overdosing"),
    (r"u", "you"),
    (r"pls|plz", "please"),
    (r"cuz|cause|bc", "because"),
    # Spanish texting
    (r"kiero|kero|qiero", "quiero"),
    (r"q|k|ke", "que"),
    (r"xq|pq|porq", "porque"),
)
_REWRITE_RES = tuple((re.compile(rf"\b(?:{src})\b"), dst) for src, dst in _REWRITES)

# Words that open a new clause for context purposes: a past marker before "but now" must not
# reach the present-tense sentence after it.
_CONTRAST = re.compile(
    r"\b(?:but|however|though|although|now|today|these days|lately|tonight|"
    r"pero|aunque|sin embargo|ahora|hoy|ultimamente|esta noche)\b"
)


def normalize(text: str) -> str:
    """Fold ``text`` into the form the patterns read.

    Sentence marks (. ! ? ; and blank lines) become ``" | "``; commas and colons become
    ``" , "``; every other non-alphanumeric character becomes a space.
    """
    text = text.translate(_QUOTES).lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"([a-z])\1{2,}", r"\1", text)
    text = re.sub(r"\r\n?", "\n", text)
    text = re.sub(r"\n[ \t]*\n\s*|[.!?;\u00bf\u00a1]+", " | ", text)  # a lone newline is a space
    text = re.sub(r"[,:()\[\]{}\"]+", " , ", text)
    text = re.sub(r"[^a-z0-9'|, ]+", " ", text)
    for regex, dst in _REWRITE_RES:
        text = regex.sub(dst, text)
    text = text.replace("'", "")
    return re.sub(r"\s+", " ", text).strip()


# ---------------------------------------------------------------------------------------------
# Patterns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Pattern:
    name: str
    category: str
    regex: re.Pattern[str]
    urgent: bool = False
    # False when the pattern carries its own negation ("not breathing", "no quiero vivir"):
    # a negation before it is then not a reason to ignore it.
    negatable: bool = True
    # True for past-tense forms ("overdosed", "tried to kill myself") that recovery talk elsewhere
    # in the text can place in the past.
    past_form: bool = False
    # False for farewells and plans: "if you are reading this, this is my goodbye" is not
    # education, whatever its first words.
    educable: bool = True


_IDIOM_TAIL = r"(?! (?:of|from|laughing|lol|lmao|haha|jaja|my hair|her hair|his hair|for))"
_SELF = r"(?:myself|my self)"
_OTHER = r"(?:himself|herself|themselves|themself)"
_INTENT = (
    r"(?:want to|going to|about to|ready to|planning to|plan to|decided to|need to|will|"
    r"have to|trying to|thinking about|thinking of|think about|tempted to|urge to|urges to)"
)
_OBJ_BODY = r"(?:arms?|wrists?|legs?|thighs?|skin|stomach)"
_PILLS = r"(?:pills?|meds|medication|medicine|tablets|bottle|prescription|stash)"
_WHO = (
    r"(?:he|she|they|him|her|them|friend|brother|sister|son|daughter|dad|father|mom|mother|"
    r"husband|wife|partner|boyfriend|girlfriend|roommate|cousin|someone|somebody|person|guy|"
    r"girl|man|woman|kid|baby)"
)

_RAW: tuple[tuple[str, str, str, dict[str, bool]], ...] = (
    # ---- suicide, English ----
    (
        "suicide.want_to_die",
        "suicide",
        rf"\b(?:wants? to|wish i could|ready to|trying to|wish to|deserve to|wanting to|"
        rf"should (?:just )?|hope i|i could just|want to just|need to) die\b{_IDIOM_TAIL}|"
        r"\bwants? to be (?:dead|gone forever)\b",
        {},
    ),
    (
        "suicide.wish_dead",
        "suicide",
        r"\bwish (?:i|that i) (?:was|were|had been|had) (?:dead|never born|gone|not alive|"
        r"not here|not born|never been born|never existed|not around)\b|"
        r"\bwish(?:ing|ed)? (?:i|that i) (?:would|could) (?:just )?(?:not wake up|never wake up|"
        r"disappear|die|stop existing)\b|"
        r"\b(?:better off|rather be) dead\b",
        {},
    ),
    (
        "suicide.not_want_to_live",
        "suicide",
        r"\b(?:not|never|no longer) want to (?:live|be alive|exist|wake up|keep living|go on|"
        r"keep going)\b(?! (?:with|near|there|far|in (?:a|the|my|that|this (?:town|city|house))|"
        r"like (?:my|him|her|them|that|a|an|the)))|"
        r"\bnot want to be (?:here|around|alive) (?:anymore|any longer|on this earth|"
        r"in this world)\b|\bnot want to be here(?= ?(?:\||$))",
        {"negatable": False},
    ),
    (
        "suicide.tired_of_living",
        "suicide",
        r"\b(?:tired|sick) of (?:living|being alive|life itself|existing)\b",
        {},
    ),
    (
        "suicide.kill_self",
        "suicide",
        rf"\b(?:kill|killing|kills|hang|hanging|shoot|shooting|drown|poison) {_SELF}\b"
        r"(?! (?:laughing|lol|haha|over|with work|at work|for))|\bkms\b",
        {},
    ),
    (
        "suicide.tried_to_kill_self",
        "suicide",
        rf"\b(?:tried|attempted) to (?:kill {_SELF}|end my life|take my (?:own )?life|"
        r"commit suicide)\b",
        {"past_form": True},
    ),
    (
        "suicide.kill_self_other",
        "suicide",
        rf"\b(?:kill|killing|end|take) (?:{_OTHER}|(?:his|her|their) (?:own )?life)\b",
        {},
    ),
    (
        "suicide.end_life",
        "suicide",
        r"\b(?:end|ending|take|taking|ends) my (?:own )?life\b|\bcommit suicide\b|"
        r"\bend (?:it|things|everything) (?:all|tonight|today|now|forever)\b|\bending it all\b|"
        r"\b(?:end|ending) it all\b|"
        r"\b(?:like|about|of|considering) ending (?:it all|everything|my life|it|things)\b"
        r"(?! (?:with|between))|\bdone (?:with )?(?:life|living|being alive|existing)\b",
        {},
    ),
    (
        "suicide.going_to_end_it",
        "suicide",
        r"\b(?:going to|about to|ready to|want to|decided to|planning to|gonna|will|i|i should|"
        r"should just|i might|i could|time to) "
        r"(?:just )?end (?:it|things|everything|the pain|it all)\b(?! (?:with|between|for|early))|"
        r"\bit is (?:all )?over for me\b",
        {},
    ),
    (
        "suicide.suicidal",
        "suicide",
        r"\bs+u?i?u?c+i?d(?:al|ai|le)\b|\bsuicide (?:thoughts|ideation)\b",
        {},
    ),
    (
        "suicide.thinking_of_suicide",
        "suicide",
        r"\b(?:thinking|thought|thoughts|think|considering|contemplating|planning) "
        r"(?:about|of)? ?(?:suicide|ending (?:it|it all|things|my life)|taking my (?:own )?life|"
        r"dying|being dead|not being here|not waking up|not existing|killing myself)\b",
        {},
    ),
    (
        "suicide.burden",
        "suicide",
        r"\b(?:better off without me|better without me)\b|"
        r"\b(?:better off|happier|easier|better) (?:if|when) i (?:was|were|am|died|die|disappeared|"
        r"killed myself|was not here|were not here|was not around)\b|"
        r"\b(?:no one|nobody|noone) (?:cares|would care|will care|would even care) "
        r"(?:if|whether) i (?:live|die|am alive|was gone|were gone|was dead|disappeared)\b|"
        r"\b(?:i am|i feel like|feel like) (?:just )?a burden\b|"
        r"\b(?:my )?life is (?:pointless|meaningless|worthless|hopeless|not worth it)\b|"
        r"\b(?:no one|nobody|noone) (?:would|will|is going to|even|would even|will even)"
        r" ?(?:miss me|notice|care|notice if i|care if i)\b|\bburden (?:to|on) everyone\b",
        {"negatable": False},
    ),
    (
        "suicide.no_reason_to_live",
        "suicide",
        r"\bno (?:reason|point) (?:for me )?(?:to|in) (?:live|living|go on|going on|keep going|"
        r"being alive|be alive|being here)\b|"
        r"\b(?:see|is) (?:no|not) (?:the )?point (?:of|in) (?:living|life|going on|being alive)\b|"
        r"\bnot see (?:the |any )?point (?:of|in) (?:living|life|going on|being alive)\b|"
        r"\bwhat is the point (?:of|in) (?:living|life|going on|being alive|anything)\b|"
        r"\blife is (?:not|no longer) worth (?:living|it)\b",
        {"negatable": False},
    ),
    (
        "suicide.cannot_go_on",
        "suicide",
        r"\bcannot (?:go on|keep going|keep living)\b"
        r"(?! (?:the|a|an|that|this|my|vacation|with|to|about|tour|stage|at))|"
        r"\bcannot (?:take|do|handle) (?:it|this|this life|life) (?:anymore|any longer)\b|"
        r"\bcannot keep (?:doing this|living like this|living|going like this)\b(?! (?:job|work))|"
        r"\b(?:not think|not know if|not sure if|not sure) i (?:can|could) (?:keep living|go on|"
        r"keep going|survive this|live like this|do this anymore|keep doing this)\b",
        {"negatable": False},
    ),
    (
        "suicide.plan",
        "suicide",
        r"\bi (?:have|made|got|have got|have made) a plan\b"
        r"(?! (?:for|to (?:stay|get|go|call|work|meet|quit|stop|not|be|keep|make|reach|ask)|with))|"
        r"\b(?:know|decided|figured out) (?:exactly )?how i am going to do it\b|"
        r"\bi have (?:it|everything) (?:planned|figured out)\b(?! for)|"
        r"\b(?:have|got|been saving|saved up|have been saving|stashed) (?:up )?(?:the|my|enough) "
        r"(?:pills|rope|gun|meds|medication|means)(?: \w+)? ?(?:ready|saved|stashed|for this)?"
        r"(?= ?(?:\||,|$|ready|to (?:do it|end it)))",
        {"urgent": True, "educable": False},
    ),
    (
        "suicide.farewell",
        "suicide",
        r"\bthis is (?:my )?(?:last|final) (?:post|message|goodbye|night|day|text)\b"
        r"(?! (?:at|of|in|on|before|with|for))|"
        r"\b(?:wrote|writing|write|left) (?:a|my) (?:goodbye|suicide) (?:letter|note)\b|"
        r"\bgiving away my (?:stuff|things)\b|\bthis is (?:my )?goodbye\b|\bgoodbye forever\b|"
        r"\b(?:will not|not) be (?:around|alive) (?:much longer|for long|tomorrow)\b|"
        r"\bi am done goodbye\b|\bdone (?:\| )?goodbye\b|"
        r"\bgoodbye (?:everyone|world|forever|all of you|cruel world)\b"
        r"(?! (?:see|until|till|for now|have|enjoy|next|at|from|and thanks for))|"
        r"\b(?:will not|not) be (?:here|around) (?:much longer|for long|anymore)\b|"
        r"\bmy last (?:day|night) (?:on earth|alive|here)\b",
        {"urgent": True, "educable": False},
    ),
    (
        "suicide.disappear",
        "suicide",
        r"\b(?:want to|going to|wish i could) (?:just )?disappear\b"
        r"(?! (?:into|for|to|from|on|in|this|a|until))|\bdisappear (?:forever|for good)\b|"
        r"\b(?:sleep|go to sleep) and (?:never|not) wake up\b|"
        r"\b(?:sleep|go to sleep|fall asleep|go away|rest|be gone) (?:forever|for good)\b|"
        r"\bhope i (?:do not|never|will not) wake up\b|"
        r"\bwant (?:it|everything) (?:all )?to (?:end|stop) (?:forever|for good)\b|"
        r"\bwant (?:it|it all|everything|life|all of this|all of it) (?:all )?to (?:be over|end|"
        r"stop)\b"
        r"(?! (?:so i can|and then))|"
        r"\b(?:want to|wish i could|just want to|need to) (?:stop existing|not exist|"
        r"cease to exist|"
        r"stop living|stop being alive)\b",
        {},
    ),
    # ---- suicide, Spanish ----
    (
        "suicide.es.quiero_morir",
        "suicide",
        r"\b(?:me )?(?:quiero|quisiera|deseo|kiero|necesito) morir(?:me)?\b"
        r"(?! (?:de|por) (?:la |el )?(?:risa|hambre|sueno|ganas|verguenza|frio|calor|amor|"
        r"aburrimiento|envidia|emocion|nervios))|"
        r"\bganas de morir(?:me)?\b(?! de)",
        {},
    ),
    (
        "suicide.es.ojala_muerto",
        "suicide",
        r"\bojala (?:me muera|estuviera muert[oa]|no despierte|no despertara|no haber nacido|"
        r"nunca hubiera nacido|desapareciera)\b|"
        r"\b(?:prefiero|preferiria|mejor) (?:estar )?muert[oa]\b|"
        r"\b(?:quisiera|quiero|me gustaria) (?:dormir y )?no despertar\b|"
        r"\b(?:quisiera|quiero|me gustaria|deseo|preferiria) estar muert[oa]\b|"
        r"\bmejor (?:me muero|morirme)\b(?! de)|"
        r"\b(?:quiero|quisiera|me quiero|me gustaria) (?:ir|irme|dormir|dormirme|descansar|"
        r"desaparecer) para siempre\b|\b(?:dormir|irme) para siempre\b|"
        r"\bquiero (?:dejar de existir|desaparecer(?= ?(?:\||,|$|del mundo|de este mundo|y)))|"
        r"\bpara que (?:seguir )?(?:vivir|viviendo)\b|"
        r"\bcansad[oa]s? de (?:vivir|la vida|existir|estar viv[oa])\b|"
        r"\bdormir y no despertar\b|\bno despertar nunca\b",
        {},
    ),
    (
        "suicide.es.no_quiero_vivir",
        "suicide",
        r"\bno quiero (?:vivir|existir|despertar(?:me)?|seguir (?:viviendo|vivo|viva|aqui|"
        r"en este mundo)|estar (?:aqui|viv[oa]|en este mundo))\b(?! (?:en|con|cerca))",
        {"negatable": False},
    ),
    (
        "suicide.es.quitarme_la_vida",
        "suicide",
        r"\b(?:quitarme la vida|me voy a quitar la vida|me quite la vida|matarme|me voy a matar|"
        r"me quiero matar|suicidarme|me voy a suicidar|me quiero suicidar|"
        r"(?:acabar|terminar) con mi vida|poner fin a mi vida|se (?:quiere|va a) (?:matar|"
        r"suicidar)|"
        r"quitarse la vida|suicidarse)\b",
        {},
    ),
    (
        "suicide.es.acabar_con_todo",
        "suicide",
        r"\b(?:acabar|terminar) con todo\b(?! (?:el|la|lo|los|las|esto de|mi trabajo))|"
        r"\bponer fin a todo\b",
        {},
    ),
    (
        "suicide.es.suicida",
        "suicide",
        r"\b(?:pensamientos|ideas|ideacion|ganas) suicidas?\b|"
        r"\b(?:me siento|estoy|sentirme|siento) suicida\b|"
        r"\b(?:pienso|pensando|pense) en (?:suicidarme|el suicidio|matarme|quitarme la vida|"
        r"morirme|acabar con todo)\b",
        {},
    ),
    (
        "suicide.es.carga",
        "suicide",
        r"\b(?:estarian|estaria|estaran|estara|vivirian|seria|serian) mejor sin mi\b|"
        r"\bnadie me (?:extranaria|va a extranar|extranara|echaria de menos|va a echar de menos)\b|"
        r"\b(?:soy|siento que soy|me siento) una carga\b",
        {"negatable": False},
    ),
    (
        "suicide.es.sin_razon",
        "suicide",
        r"\bno (?:tengo|hay|encuentro|le veo) (?:ninguna )?(?:razon|razones|motivo|motivos|"
        r"sentido) (?:para|de) (?:vivir|seguir)\b|\bla vida no vale la pena\b|"
        r"\bno vale la pena (?:vivir|seguir)\b|\bno le veo sentido a la vida\b",
        {"negatable": False},
    ),
    (
        "suicide.es.no_puedo_mas",
        "suicide",
        r"\b(?:ya )?no (?:puedo|aguanto|soporto) mas\b(?= ?(?:\||,|$|con (?:la vida|esto|todo)|"
        r"quiero|me quiero|no))|\bno puedo seguir (?:asi|viviendo|aqui)\b|"
        r"\bno (?:puedo|aguanto|soporto) (?:mas )?(?:con )?(?:esta vida|la vida|vivir|mi vida|"
        r"seguir viviendo)\b",
        {"negatable": False},
    ),
    (
        "suicide.es.plan",
        "suicide",
        r"\btengo un plan\b(?! (?:para|de|con|que))|"
        r"\bya (?:se|decidi|tengo pensado) como (?:lo voy a hacer|hacerlo)\b",
        {"urgent": True, "educable": False},
    ),
    (
        "suicide.es.despedida",
        "suicide",
        r"\besta es mi (?:despedida|ultima (?:noche|publicacion|mensaje|carta))\b|"
        r"\b(?:me despido|adios) (?:de todos |a todos )?(?:para siempre|por ultima vez)\b|"
        r"\bdesaparecer para siempre\b|\bcarta de despedida\b",
        {"urgent": True, "educable": False},
    ),
    # ---- self-harm, English ----
    (
        "self_harm.hurt_self",
        "self_harm",
        rf"\b(?:hurt|hurting|harm|harming|cut|cutting|burn|burned|burnt|burning|punish|punishing|"
        rf"hit|hitting|"
        rf"scratch|scratching|cuts|burns) (?:{_SELF}|my {_OBJ_BODY})\b"
        r"(?! (?:shaving|cooking|by accident|accidentally|on(?! purpose)|off|at|while|lifting|"
        r"playing|"
        r"chopping|opening|running|working|with (?:a knife while|guilt|work)|over|for))",
        {},
    ),
    (
        "self_harm.cutting",
        "self_harm",
        r"\b(?:been|started|start|keep|am|back to|relapsed on|relapsed and|want to|going to|"
        r"tempted to|urge to|urges to|need to|trying not to|really want to|wanting to) "
        r"(?:cut|cutting|self harm|self harming|hurt myself)\b"
        r"(?! (?:back|down|out|off|ties|carbs|sugar|class|hair|the|my hair|people|corners|in line|"
        r"it close|coupons|paper|wood|grass|onions|up|through|school|a|an|them|him|her))|"
        rf"\b(?:cutting|cut) (?:again|tonight|last night|today)\b|\bcut my {_OBJ_BODY}\b"
        r"(?! on)|\bself harm(?:ing)? (?:again|urges?|tonight|right now)\b|"
        r"\b(?:i|been|am|keep) self harming\b|\brelapsed (?:on|with|into) self harm\b|"
        r"\burges? to (?:self harm|cut)\b|"
        r"\bcannot stop (?:cutting|hurting myself|self harming|burning myself)\b|"
        r"\b(?:fresh|new|more|covered in) (?:cuts|burns)\b|\bcuts again\b|"
        r"\bdeserve to (?:hurt|suffer|feel pain|be punished|bleed)\b|"
        r"\bsh (?:urges?|again|relapse)\b|\brelapsed on sh\b",
        {},
    ),
    # ---- self-harm, Spanish ----
    (
        "self_harm.es.cortarme",
        "self_harm",
        r"\b(?:cortarme|me corto|me estoy cortando|me he cortado|me volvi a cortar|"
        r"volvi a cortarme|sigo cortandome|cortandome|me sigo cortando|me quiero cortar|"
        r"me voy a cortar|me he estado cortando|me estuve cortando)\b"
        r"(?! (?:el|las|la|los|mi|un|una) (?:pelo|cabello|unas|flequillo|barba|dedo|uas|fleco|"
        r"puntas))",
        {},
    ),
    (
        "self_harm.es.hacerme_dano",
        "self_harm",
        r"\b(?:hacerme|me hago|me estoy haciendo|me quiero hacer|me voy a hacer|me sigo haciendo)"
        r" dano\b(?! (?:en|jugando|al|corriendo))|"
        r"\b(?:lastimarme|me lastimo|me estoy lastimando|me sigo lastimando|quemarme|me quemo|"
        r"golpearme|me golpeo|castigarme)\b(?! (?:con el sol|al sol|cocinando|la mano|jugando))|"
        r"\b(?:autolesionarme|me autolesiono|autolesionandome|me estoy autolesionando|"
        r"volvi a autolesionarme|me volvi a autolesionar)\b|"
        r"\bme volvi a (?:cortar|lastimar|quemar|hacer dano|golpear|autolesionar)\b|"
        r"\bvolvi a (?:cortarme|lastimarme|quemarme|hacerme dano|golpearme)\b|"
        r"\b(?:me hago|me hice|hacerme|me sigo haciendo) cortes\b|"
        r"\bme (?:corte|lastime|queme|hice dano) (?:otra vez|de nuevo|anoche|hoy|a proposito|"
        r"los brazos|las piernas|las munecas)\b|"
        r"\bme he estado (?:lastimando|haciendo dano|quemando|golpeando)\b|"
        r"\bganas de (?:cortarme|lastimarme|hacerme dano|autolesionarme)\b",
        {},
    ),
    # ---- overdose / medical emergency, English ----
    (
        "overdose.took_too_many",
        "overdose",
        r"\b(?:took|take|taken|swallowed|ate|just took|have taken|took like)"
        r" (?:all|too many|a lot of|a bunch of|the whole|a whole|way too many|all of|"
        rf"everything in|handfuls of|a handful of) (?:of )?(?:my |the |those |these |his |her )?"
        rf"{_PILLS}\b|"
        r"\btook (?:everything|all of it|all) (?:i had|i have|i could find|in the (?:bottle|"
        r"cabinet))\b|"
        r"\btook (?:way |far )?too many(?= ?(?:\||,|$|and|i|again|tonight|now))|"
        r"\b(?:took|used) (?:way |far )?too much\b(?= ?(?:\||,|$|and|i|of it|"
        r"again|tonight|now))",
        {"urgent": True},
    ),
    (
        "overdose.overdosing",
        "overdose",
        r"\b(?:i|he|she|they|you|am|is|are|be|think|someone|friend|brother|sister|son|daughter|"
        r"roommate|partner|boyfriend|girlfriend|husband|wife|dad|mom) (?:is |am |are )?"
        r"(?:maybe |probably |literally )?(?:overdosing|od)\b(?! (?:awareness|prevention))",
        {"urgent": True},
    ),
    (
        "overdose.overdosed_now",
        "overdose",
        r"\b(?:think|maybe|might have|may have|probably|pretty sure|afraid|scared) (?:that )?"
        r"(?:i |he |she |they |my \w+ )?(?:just |may have |might have )?overdosed\b"
        r"(?! (?:in|years|last|once|when))",
        {"urgent": True},
    ),
    (
        "overdose.overdosed",
        "overdose",
        rf"\b(?:i|he|she|they|{_WHO}) (?:just )?overdosed\b",
        {"past_form": True},
    ),
    (
        "overdose.not_breathing",
        "overdose",
        r"\b(?:not|barely|hardly|stopped|stops|quit) breathing\b"
        r"(?! (?:easier|better|again|fine|normally|well|exercise|exercises|techniques|room))|"
        r"\b(?:breathing|breath) (?:is )?(?:really |very |so )?(?:slow|shallow|weird|strange|funny)"
        r"(?! (?:down|in|exercise))|\b(?:snoring|gurgling) (?:weird|strange|funny|loud)\b",
        {"urgent": True, "negatable": False},
    ),
    (
        "overdose.cannot_breathe",
        "overdose",
        r"\b(?:cannot|can barely|can hardly|could not|could barely) breathe\b"
        r"(?! (?:easier|again|better|through my nose|in (?:this|here) (?:heat|smoke)))",
        {"urgent": True, "negatable": False},
    ),
    (
        "overdose.will_not_wake",
        "overdose",
        rf"\b(?:{_WHO}|is) (?:will not|wont|does not|is not|not|cannot|can not|did not) "
        r"(?:wake up|waking up|wake|waking|respond|responding|come to|coming to)\b"
        r"(?! (?:up )?(?:for|early|on time|in the morning|before|to (?:my|texts|messages|calls)|"
        r"my (?:texts|messages|calls)))|"
        rf"\bcannot (?:wake|get) (?:him|her|them|my \w+|\w+) (?:up|to wake up)\b"
        r"(?! (?:for|early|on time|in the morning|before))|"
        rf"\b(?:{_WHO}|is) (?:is )?(?:unresponsive|collapsed and|limp and)\b",
        {"urgent": True, "negatable": False},
    ),
    (
        "overdose.turning_blue",
        "overdose",
        r"\b(?:he|she|they|him|her) (?:is |are )?(?:turning|going|gone|getting|looks?|looking) "
        r"(?:blue|purple|grey|gray)\b(?! (?:jeans|shirt|dress|hair|eyes))|"
        r"\b(?:face|lips|skin|fingers|fingertips|nails) (?:is |are )?(?:turning |going |gone |"
        r"looks? |looking |getting |so |really )?(?:blue|purple|grey|gray)\b",
        {"urgent": True, "negatable": False},
    ),
    (
        "overdose.having_overdose",
        "overdose",
        r"\b(?:having|is having|am having|think (?:this|it) is|this is) an? (?:overdose|od)\b|"
        r"\bcannot feel my (?:body|legs|arms|face|heart|chest)\b"
        r"(?! (?:after (?:the|that|this|my) (?:hike|workout|run|gym|class)|from the cold))|"
        r"\b(?:chest|heart) (?:hurts|pain|is racing|is pounding|feels)\b[^|]{0,60}?"
        r"\bafter (?:using|taking|i used|i took|smoking|snorting|drinking)\b",
        {"urgent": True},
    ),
    (
        "overdose.seizure",
        "overdose",
        r"\b(?:having|has|is having|had) a seizure\b(?! (?:disorder|at the clinic))|"
        r"\b(?:he|she|they|is|are|am) (?:is |are )?(?:seizing|convulsing)\b",
        {"urgent": True},
    ),
    (
        "overdose.feel_dying",
        "overdose",
        r"\b(?:think|feel like|feels like|scared|afraid) (?:i|he|she) (?:am|is) "
        r"(?:dying|going to die)\b"
        r"(?! (?:to|of|for|laughing|inside|lol|haha|from (?:boredom|embarrassment)))",
        {"urgent": True},
    ),
    (
        "overdose.need_naloxone_now",
        "overdose",
        r"\b(?:need|needs|get|bring|anyone have|you have|who has|where is) "
        r"(?:some |the |a )?(?:narcan|naloxone)\b(?= (?:right now|now|asap|quick|fast|please|"
        r"help|hurry)| ?(?:\||$))",
        {"urgent": True},
    ),
    (
        "overdose.call_911",
        "overdose",
        r"\b(?:should i|do i|i need to|someone|please|help me|i am going to|i have to|about to|"
        r"i should|i am) call(?:ing)? 911\b|\bcalling 911\b",
        {"urgent": True},
    ),
    # ---- overdose / medical emergency, Spanish ----
    (
        "overdose.es.no_respira",
        "overdose",
        r"\b(?:no|casi no|apenas|ya no) (?:esta )?respira(?:ndo)?\b|"
        r"\bdejo de respirar\b|\brespira (?:muy )?(?:raro|lento|poco|mal)\b|"
        r"\bno puedo respirar\b|\bno (?:puede|pueden) respirar\b",
        {"urgent": True, "negatable": False},
    ),
    (
        "overdose.es.no_despierta",
        "overdose",
        r"\bno (?:se )?(?:despierta|reacciona)\b(?! (?:para|temprano|a tiempo))|"
        r"\bno responde(?= ?(?:\||,|$))|"
        r"\bno (?:lo|la|los|las|le) (?:puedo|podemos|puedes) despertar\b|"
        r"\b(?:esta )?inconsciente\b|\bse desmayo y no\b",
        {"urgent": True, "negatable": False},
    ),
    (
        "overdose.es.morado",
        "overdose",
        r"\b(?:se (?:esta|va|le estan?) poniendo|se puso|se le pusieron|se ve|"
        r"tiene (?:los )?labios|"
        r"se pone|labios|cara|unas|dedos) (?:muy )?(?:morad[oa]s?|azul(?:es)?|gris(?:es)?)\b",
        {"urgent": True, "negatable": False},
    ),
    (
        "overdose.es.sobredosis",
        "overdose",
        r"\b(?:tengo|tiene|tienen|estoy teniendo|esta teniendo|le dio|me dio|le esta dando|"
        r"me esta dando|creo que es) una sobredosis\b|\b(?:estoy|esta) sobredosis\b",
        {"urgent": True},
    ),
    (
        "overdose.es.tuvo_sobredosis",
        "overdose",
        r"\b(?:tuvo|tuve|sufrio|sufri|tuvimos) una sobredosis\b",
        {"past_form": True},
    ),
    (
        "overdose.es.pastillas",
        "overdose",
        r"\b(?:me tome|tome|se tomo|me trague|se trago|tomo) (?:todas|demasiadas|muchas|"
        r"un monton de|"
        r"el frasco de|la caja de|todo el frasco de) (?:las |mis |sus )?(?:pastillas|pildoras|"
        r"medicinas|medicamentos)\b|\b(?:me pase|se paso) (?:con|de) (?:la dosis|las pastillas)\b",
        {"urgent": True},
    ),
    (
        "overdose.es.demasiado",
        "overdose",
        r"\b(?:me |se )?(?:tome|use|consumi|me meti|se metio|tomo|consumio) (?:demasiado|de mas)\b"
        r"(?= ?(?:\||,|$|y|no|creo|ahora))",
        {"urgent": True},
    ),
    (
        "overdose.es.convulsion",
        "overdose",
        r"\b(?:esta convulsionando|tiene convulsiones|le dio una convulsion|convulsionando)\b",
        {"urgent": True},
    ),
    (
        "overdose.es.naloxona_ya",
        "overdose",
        r"\b(?:necesito|necesitamos|alguien tiene|tienen|traigan|donde hay) "
        r"(?:narcan|naloxona)\b(?= (?:ya|ahora|urgente|rapido|por favor)| ?(?:\||$))|"
        r"\b(?:llamen|llamo|llama|llamar|llamamos) (?:al )?911 (?:ya|ahora|rapido)\b",
        {"urgent": True},
    ),
)

_PATTERNS: tuple[_Pattern, ...] = tuple(
    _Pattern(name=name, category=category, regex=re.compile(regex), **flags)
    for name, category, regex, flags in _RAW
)

#: Every name ``Assessment.matched`` can hold.
PATTERN_NAMES = frozenset(pattern.name for pattern in _PATTERNS)

# ---------------------------------------------------------------------------------------------
# Context
# ---------------------------------------------------------------------------------------------

_FILLERS = (
    r"really|even|actually|ever|at|all|feeling|feel|being|be|going|to|want|wanting|trying|try|"
    r"planning|thinking|think|of|about|am|is|are|was|were|have|has|had|been|do|does|did|will|"
    r"would|could|gonna|a|bit|so|longer|anymore|quiero|voy|pienso|en|estoy|tengo|ganas|de|me|"
    r"se|lo|la|vas|va|intento|estado|siento|quisiera|volver|volvere|deseo|planeo|que|nada|"
    r"quiere|pensando|pensado|haria|he|ha|seriously|plan|planned|gotten"
)
_NEGATION_BEFORE = re.compile(
    rf"\b(?:not|never|no|nunca|jamas|ni|nobody|without)\b(?: (?:{_FILLERS})\b)* ?$"
)

_DISTANT_PAST = re.compile(
    r"\b(?:years?|months?|a long time|long time|a while|ages|decades?|"
    r"(?:\w+ )?(?:years?|months?)) ago\b|\bused to\b|\blast year\b|\bback (?:then|when|in)\b|"
    r"\bat my (?:lowest|worst|bottom)\b|\brock bottom\b|"
    r"\bwhen (?:i|he|she|they) (?:was|were) (?:using|drinking|younger|a teen|a teenager|a kid|"
    r"in (?:active|my|high school|college|the)|\d+|nineteen|twenty|sixteen|seventeen|eighteen|"
    r"fifteen|fourteen)\b|\bin (?:my|his|her) (?:active )?(?:addiction|using days|drinking days)\b|"
    r"\bbefore (?:i got sober|i got clean|recovery|treatment|rehab|i quit|i found)\b|"
    r"\bin (?:19|20)\d\d\b|\bthere was a time\b|\bas a (?:teen|teenager|kid)\b|"
    r"\bsolia\b|\bantes (?:queria|pensaba|me|de (?:mi )?(?:recuperacion|tratamiento))\b|"
    r"\bhace (?:\w+ )?(?:anos?|meses|tiempo|mucho)\b|\bel ano pasado\b|"
    r"\bcuando (?:consumia|bebia|tomaba|era|estaba en|usaba)\b|\ben mi adiccion\b|"
    r"\ben aquel entonces\b|\ben (?:19|20)\d\d\b|\bde (?:joven|nina|nino|adolescente)\b"
)
_PAST_BEFORE = re.compile(
    r"\b(?:was|were|had|had been|used to be|felt|once|i once|a time i)\b(?: \w+){0,2} ?$"
)
_PAST_IN_MATCH = re.compile(r"\b(?:tried|attempted|overdosed|wanted|was|were|had)\b")
_RECOVERY = re.compile(
    r"\b(?:clean|sober|sobriety|recovery|recovering|naloxone|narcan|saved (?:me|my life|him|her)|"
    r"grateful|thankful|alive today|still here|better now|doing better|doing well|doing great|"
    r"okay now|ok now|fine now|safe now|in a better place|got help|therapy|therapist|"
    r"not anymore|helped|free|years free|sponsor|limpi[oa]|sobri[oa]|sobriedad|recuperacion|"
    r"agradecid[oa]|estoy bien|ahora estoy|me salv(?:o|aron)|lo salv(?:o|aron)|sigo aqui|"
    r"ya estoy mejor|terapia)\b"
)
_EDUCATION = re.compile(
    r"\b(?:warning )?signs? (?:of|that|someone|a person|include)\b|\bwhat are the signs\b|"
    r"\bsymptoms? of\b|\bhow to (?:recognize|spot|respond|use|help|tell|talk)\b|"
    r"\bwhat to do (?:if|when)\b|\b(?:if|when) (?:someone|somebody|a person|a friend|anyone|"
    r"they|a loved one|you see|you find)\b|\bif you (?:are|ever|feel|start|or someone)\b|"
    r"\b(?:help|helping|support|supporting) someone who\b|\bsomeone who\b|\bpeople who\b|"
    r"\banyone who\b|\bthose who\b|\btraining\b|\bworkshop\b|\bclass\b|\bawareness\b|"
    r"\bprevention\b|\blearned that\b|\blearn (?:how|the|about|to)\b|\binclude\b|"
    r"\bsenales de\b|\bsintomas de\b|\bcomo (?:reconocer|actuar|usar|ayudar|saber)\b|"
    r"\bque hacer (?:si|cuando)\b|\b(?:si|cuando) (?:alguien|una persona|un amigo|una amiga|"
    r"ves|encuentras)\b|\btaller\b|\bcapacitacion\b|\bcurso\b|\bprevencion\b|\bcharla\b|"
    r"\baprendimos\b"
)
_RESOLVED_AFTER = re.compile(
    r"\b(?:is|are|am) (?:now )?(?:ok|okay|fine|alright|breathing again|awake now|safe now|"
    r"doing (?:great|well|fine))\b|\b(?:brought|saved) (?:him|her|them|me) back\b|"
    r"\b(?:ok|okay|fine|alright|sober|clean) now\b|\besta bien ahora\b|\blo salvaron\b"
)
_TIME_CUE = re.compile(
    r"\b(?:tonight|right now|today|this (?:morning|afternoon|evening|weekend)|"
    r"in (?:a few|an|one|two|\d+) (?:minutes?|hours?)|after (?:this|everyone|the kids)|"
    r"when everyone|before (?:morning|tomorrow)|esta noche|ahora mismo|ahorita|hoy|ya mismo|"
    r"en (?:un rato|unos minutos|una hora)|manana temprano)\b"
)

_WINDOW = 160  # characters of context read around each match


def _segment_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence-and-contrast segment around a match, at most ``_WINDOW`` each side."""
    lo = max(0, start - _WINDOW)
    before = text[lo:start]
    cut = before.rfind("|")
    seg_start = lo + cut + 1 if cut >= 0 else lo
    # A contrast word ("but", "now", "pero") opens the segment after it.
    for contrast in _CONTRAST.finditer(text, seg_start, start):
        seg_start = contrast.start()
    hi = min(len(text), end + _WINDOW)
    after = text[end:hi]
    cut = after.find("|")
    seg_end = end + cut if cut >= 0 else hi
    contrast_after = _CONTRAST.search(text, end, seg_end)
    if contrast_after:
        seg_end = contrast_after.start()
    return seg_start, seg_end


def _accept(pattern: _Pattern, text: str, match: re.Match[str]) -> bool:
    start, end = match.span()
    seg_start, seg_end = _segment_bounds(text, start, end)
    before = text[seg_start:start]
    segment = text[seg_start:seg_end]
    if pattern.negatable and _NEGATION_BEFORE.search(before):
        return False
    if _DISTANT_PAST.search(segment):
        return False
    if pattern.educable and _EDUCATION.search(segment):
        return False
    past = bool(_PAST_BEFORE.search(before)) or (
        pattern.past_form or bool(_PAST_IN_MATCH.search(match.group(0)))
    )
    if past and _RECOVERY.search(text[max(0, start - 400) : end + 400]):
        return False
    return not (
        pattern.category == "overdose"
        and _RESOLVED_AFTER.search(text, end, min(len(text), end + _WINDOW))
    )


def assess(text: str) -> Assessment:
    """Assess one text. Pure and safe on any string: empty, huge, markup or binary-ish."""
    if not text or not text.strip():
        return NOTHING
    norm = normalize(text)
    if not norm.strip(" |,"):
        return NOTHING
    found: list[tuple[int, str]] = []
    categories: set[str] = set()
    urgent = False
    for pattern in _PATTERNS:
        for checked, match in enumerate(pattern.regex.finditer(norm)):
            if checked >= 200:  # a pathological repeat: stop reading this pattern
                break
            if _accept(pattern, norm, match):
                found.append((match.start(), pattern.name))
                categories.add(pattern.category)
                urgent = urgent or pattern.urgent
                break
    if not found:
        return NOTHING
    urgent = urgent or bool(_TIME_CUE.search(norm))
    return Assessment(
        flagged=True,
        categories=frozenset(categories),
        urgent=urgent,
        matched=tuple(name for _, name in sorted(found)),
    )
