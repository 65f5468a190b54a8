"""Demo directory: national resources and some in Portland, Oregon (where the demo's Cedar
Ridge Recovery is). Only organisations and numbers from their public materials; a detail we
weren't sure of is left out rather than guessed. Details change: operators should review them."""

from typing import Any

from alongside.resources import actions
from alongside.resources.models import Category, Resource

NATIONAL = Resource.Area.NATIONAL
LOCAL = Resource.Area.LOCAL

CATEGORIES = [
    ("crisis", "Crisis and helplines", "Someone to talk to now, free and confidential."),
    ("treatment", "Finding treatment", "Locators and referral lines for treatment near you."),
    (
        "meetings",
        "Meetings, in person and online",
        "Mutual-help fellowships and how to find a meeting.",
    ),
    ("families", "For families and friends", "Support for the people who walk beside us."),
    ("harm-reduction", "Harm reduction", "Naloxone, safer use and never using alone."),
    (
        "community",
        "Recovery community organisations",
        "Peer-led recovery communities and advocacy.",
    ),
    (
        "sober-living",
        "Sober living and recovery housing",
        "Finding a recovery residence with standards.",
    ),
    (
        "everyday",
        "Health, housing and everyday needs",
        "Health care, shelter, food and other help.",
    ),
]

RESOURCES: list[dict[str, Any]] = [
    # Crisis and helplines
    dict(
        category="crisis",
        name="988 Suicide & Crisis Lifeline",
        phone="988",
        sms="988",
        url="https://988lifeline.org",
        hours="24/7",
        languages="English, Spanish",
        description="Call or text 988, or chat online, to reach a trained crisis counselor. "
        "For thoughts of suicide, a mental health or substance use crisis, or any other distress.",
    ),
    dict(
        category="crisis",
        name="Veterans Crisis Line",
        phone="988",
        sms="838255",
        url="https://www.veteranscrisisline.net",
        hours="24/7",
        description="For veterans, service members and the people who care about them: dial 988 "
        "and press 1, text 838255, or chat online. You don't need to be enrolled in VA care.",
    ),
    dict(
        category="crisis",
        name="Crisis Text Line",
        sms="741741",
        sms_keyword="HOME",
        url="https://www.crisistextline.org",
        hours="24/7",
        description="Text HOME to 741741 to text with a trained volunteer crisis counselor.",
    ),
    dict(
        category="crisis",
        name="SAMHSA National Helpline",
        phone="1-800-662-4357",
        sms="435748",
        url="https://www.samhsa.gov",
        hours="24/7, 365 days a year",
        languages="English, Spanish",
        description="Free, confidential treatment referral and information for people and "
        "families facing substance use or mental health conditions. TTY: 1-800-487-4889. "
        "Text your ZIP code to 435748 (HELP4U) for help nearby.",
    ),
    dict(
        category="crisis",
        name="The Trevor Project",
        phone="1-866-488-7386",
        sms="678678",
        sms_keyword="START",
        url="https://www.thetrevorproject.org",
        hours="24/7",
        description="Crisis support for LGBTQ+ young people under 25, by phone, text or chat.",
    ),
    dict(
        category="crisis",
        name="Trans Lifeline",
        phone="877-565-8860",
        url="https://translifeline.org",
        description="A peer support hotline run by and for trans people.",
    ),
    dict(
        category="crisis",
        name="National Domestic Violence Hotline",
        phone="1-800-799-7233",
        sms="88788",
        sms_keyword="START",
        url="https://www.thehotline.org",
        hours="24/7",
        languages="English, Spanish",
        description="Confidential support for anyone experiencing abuse in a relationship, "
        "and for the people worried about them.",
    ),
    dict(
        category="crisis",
        name="NAMI HelpLine",
        phone="1-800-950-6264",
        url="https://www.nami.org",
        description="Information, resource referrals and support for people living with "
        "mental health conditions, their families and caregivers, from the National Alliance "
        "on Mental Illness.",
    ),
    # Finding treatment
    dict(
        category="treatment",
        name="FindTreatment.gov",
        url="https://findtreatment.gov",
        description="SAMHSA's confidential locator for treatment for substance use and mental "
        "health near you, with filters for payment (including Medicaid and free care), "
        "medications for opioid use disorder and languages spoken.",
    ),
    # Meetings
    dict(
        category="meetings",
        name="Alcoholics Anonymous",
        url="https://www.aa.org",
        description="A fellowship of people who share their experience, strength and hope to "
        "stay sober. Find in-person and online meetings on the website or the free Meeting "
        "Guide app.",
    ),
    dict(
        category="meetings",
        name="Online Intergroup of Alcoholics Anonymous",
        url="https://aa-intergroup.org",
        description="A directory of AA meetings held online, at every hour of the day, in many "
        "languages.",
    ),
    dict(
        category="meetings",
        name="Narcotics Anonymous",
        url="https://na.org",
        description="A fellowship of people for whom drugs had become a major problem, meeting "
        "to help each other stay clean. Meeting search for in-person and virtual meetings.",
    ),
    dict(
        category="meetings",
        name="SMART Recovery",
        url="https://smartrecovery.org",
        description="Science-based, self-empowering mutual help using tools from cognitive "
        "behavioral therapy. Free meetings online every day, and in person in many places.",
    ),
    dict(
        category="meetings",
        name="Recovery Dharma",
        url="https://recoverydharma.org",
        description="A peer-led community that uses Buddhist practices and meditation for "
        "recovery from addiction, with meetings online and in person.",
    ),
    dict(
        category="meetings",
        name="LifeRing Secular Recovery",
        url="https://lifering.org",
        description="Abstinence-based, secular peer support: meetings online and in person "
        "built around strengthening the sober self.",
    ),
    dict(
        category="meetings",
        name="Women for Sobriety",
        url="https://womenforsobriety.org",
        description="A peer support program for women in recovery from substance use, with "
        "online and in-person meetings.",
    ),
    dict(
        category="meetings",
        name="Cocaine Anonymous",
        url="https://ca.org",
        description="A twelve-step fellowship for recovery from cocaine and all other "
        "mind-altering substances, with in-person and online meetings.",
    ),
    dict(
        category="meetings",
        name="Crystal Meth Anonymous",
        url="https://www.crystalmeth.org",
        description="A twelve-step fellowship for people recovering from crystal meth "
        "addiction, with in-person and online meetings.",
    ),
    dict(
        category="meetings",
        name="Marijuana Anonymous",
        url="https://marijuana-anonymous.org",
        description="A twelve-step fellowship for people who want to stop using marijuana.",
    ),
    dict(
        category="meetings",
        name="Celebrate Recovery",
        url="https://www.celebraterecovery.com",
        description="A Christ-centered recovery program meeting in churches, for any hurt, "
        "habit or hang-up, including substance use.",
    ),
    dict(
        category="meetings",
        name="In The Rooms",
        url="https://www.intherooms.com",
        description="An online recovery community with live video meetings from many "
        "fellowships and pathways.",
    ),
    # Families
    dict(
        category="families",
        name="Al-Anon Family Groups",
        phone="1-888-425-2666",
        url="https://al-anon.org",
        description="Support groups for families and friends of people whose drinking affects "
        "them, and Alateen for young people. Meetings in person, online and by phone.",
    ),
    dict(
        category="families",
        name="Nar-Anon Family Groups",
        url="https://www.nar-anon.org",
        description="Twelve-step support groups for families and friends of people with "
        "substance use problems.",
    ),
    dict(
        category="families",
        name="Partnership to End Addiction",
        url="https://drugfree.org",
        description="Guidance and one-on-one support for parents and caregivers of a young "
        "person who is using substances.",
    ),
    # Harm reduction
    dict(
        category="harm-reduction",
        name="Never Use Alone",
        phone="800-484-3731",
        url="https://neverusealone.com",
        hours="24/7",
        description="If you are going to use alone, call: an operator stays on the line and, "
        "if you stop responding, sends emergency help to your location. No judgment.",
    ),
    dict(
        category="harm-reduction",
        name="NEXT Distro",
        url="https://nextdistro.org",
        description="Harm reduction information and naloxone by mail, with a directory of "
        "local programs where you can get naloxone and supplies.",
    ),
    dict(
        category="harm-reduction",
        name="National Harm Reduction Coalition",
        url="https://harmreduction.org",
        description="Resources and training on harm reduction: overdose prevention, naloxone "
        "and safer use.",
    ),
    # Recovery community
    dict(
        category="community",
        name="Faces & Voices of Recovery",
        url="https://facesandvoicesofrecovery.org",
        description="A national recovery advocacy organisation that supports recovery "
        "community organisations and peer recovery support services.",
    ),
    dict(
        category="community",
        name="Young People in Recovery",
        url="https://youngpeopleinrecovery.org",
        description="Peer-led chapters and support for young people in or seeking recovery.",
    ),
    # Sober living
    dict(
        category="sober-living",
        name="National Alliance for Recovery Residences (NARR)",
        url="https://narronline.org",
        description="Sets national standards for recovery residences; its state affiliates "
        "certify homes that meet them.",
    ),
    dict(
        category="sober-living",
        name="Oxford House",
        url="https://www.oxfordhouse.org",
        description="Democratically run, self-supporting, drug-free shared homes for people in "
        "recovery, with a directory of houses and vacancies.",
    ),
    # Portland, Oregon
    dict(
        category="crisis",
        name="Multnomah County Crisis Line",
        phone="503-988-4888",
        hours="24/7",
        city="Portland",
        state="OR",
        area=LOCAL,
        url="https://www.multco.us",
        description="Multnomah County's 24-hour mental health crisis line: immediate support "
        "and referral for anyone in the county.",
    ),
    dict(
        category="crisis",
        name="Lines for Life",
        phone="800-273-8255",
        url="https://www.linesforlife.org",
        hours="24/7",
        city="Portland",
        state="OR",
        area=LOCAL,
        description="Portland-based nonprofit that answers 988 in Oregon and runs specialised "
        "crisis and support lines for alcohol and drugs, young people, military members and "
        "others.",
    ),
    dict(
        category="crisis",
        name="Alcohol & Drug Helpline (Lines for Life)",
        phone="800-923-4357",
        url="https://www.linesforlife.org",
        hours="24/7",
        state="OR",
        area=LOCAL,
        description="Free, confidential support, information and treatment referral for "
        "anyone with questions about their own or someone else's alcohol or drug use.",
    ),
    dict(
        category="crisis",
        name="YouthLine (Lines for Life)",
        phone="877-968-8491",
        sms="839863",
        sms_keyword="teen2teen",
        url="https://www.linesforlife.org",
        state="OR",
        area=LOCAL,
        description="A teen-to-teen crisis and support line: young people talk with trained "
        "peers at set hours, with adult counselors at other times.",
    ),
    dict(
        category="meetings",
        name="Portland Area Intergroup of AA",
        phone="503-223-8569",
        url="https://www.pdxaa.org",
        city="Portland",
        state="OR",
        area=LOCAL,
        description="The central office for AA groups in the Portland area: meeting "
        "schedules, literature and a hotline.",
    ),
    dict(
        category="everyday",
        name="211info",
        phone="211",
        url="https://www.211info.org",
        state="OR",
        area=LOCAL,
        description="Connects people in Oregon and Southwest Washington with local help: "
        "housing and shelter, food, health care, treatment and more.",
    ),
    dict(
        category="everyday",
        name="Central City Concern",
        url="https://centralcityconcern.org",
        city="Portland",
        state="OR",
        area=LOCAL,
        description="Portland nonprofit offering health care, recovery services, supportive "
        "housing and employment help for people experiencing homelessness and addiction.",
    ),
    dict(
        category="everyday",
        name="Outside In",
        url="https://outsidein.org",
        city="Portland",
        state="OR",
        area=LOCAL,
        description="Portland nonprofit offering health care, housing and services for young "
        "people experiencing homelessness, and harm reduction services.",
    ),
    dict(
        category="treatment",
        name="CODA Inc.",
        url="https://codainc.org",
        city="Portland",
        state="OR",
        area=LOCAL,
        description="Nonprofit addiction treatment in the Portland area, including medication "
        "for opioid use disorder and outpatient and residential programs.",
    ),
    dict(
        category="treatment",
        name="Cascadia Health",
        url="https://cascadiahealth.org",
        city="Portland",
        state="OR",
        area=LOCAL,
        description="Community mental health, addiction and primary care provider in the "
        "Portland area.",
    ),
    dict(
        category="treatment",
        name="Volunteers of America Oregon",
        url="https://www.voaor.org",
        city="Portland",
        state="OR",
        area=LOCAL,
        description="Nonprofit offering addiction treatment and other community services in "
        "the Portland area.",
    ),
    dict(
        category="community",
        name="Oregon Recovers",
        url="https://www.oregonrecovers.org",
        state="OR",
        area=LOCAL,
        description="A statewide recovery advocacy organisation led by people in recovery and "
        "their families.",
    ),
]


def load() -> str:
    if Resource.objects.exists():
        return "0 resources"
    categories: dict[str, Category] = {}
    for position, (slug, name, description) in enumerate(CATEGORIES):
        categories[slug] = actions.save_category(
            name=name, slug=slug, description=description, position=position
        )
    for position, entry in enumerate(RESOURCES):
        fields = dict(entry)
        actions.save_resource(
            category=categories[fields.pop("category")], position=position, **fields
        )
    return f"{len(CATEGORIES)} resource categories, {len(RESOURCES)} resources"
