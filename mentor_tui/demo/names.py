"""The invented material demo members are made of: names, places, studies, careers, words.

Every organisation, university and person here is made up, so a demo screenshot can
never be mistaken for (or embarrass) a real person or employer. Names are deliberately
international and accented (Zoë, José, Łukasz, Siobhán, Ó Súilleabháin) because real
alumni networks are, and because accents are where username folding, sorting and
search go wrong first.
"""

from __future__ import annotations

DEMO_UNIVERSITY = "University of Northbridge"
"""The university whose alumni network the demo shows; every member studied here."""

OTHER_UNIVERSITIES: tuple[str, ...] = (
    "University of Westhaven",
    "University of Aldermoor",
    "University of Kestrel Bay",
    "University of Eastmarch",
    "University of Southmere",
    "University of Lakehurst",
)
"""Where some alumni went on to further study (education history beyond the first degree)."""

FIRST_NAMES: tuple[str, ...] = (
    # English-speaking, Irish, Scottish
    "Oliver", "Amelia", "Harry", "Isla", "Jack", "Grace", "Thomas", "Emily", "James", "Ruby",
    "Hannah", "Daniel", "Charlotte", "Samuel", "Eleanor", "Rory", "Catriona", "Callum",
    "Siobhán", "Aoife", "Niamh", "Seán", "Ciarán", "Eoin", "Róisín", "Saoirse",
    # French, Belgian, Swiss
    "Zoë", "Chloé", "Anaïs", "Hélène", "Agnès", "François", "Maël", "Léa", "Jérôme", "Théo",
    # Iberian and Latin American
    "José", "Inés", "Sofía", "Mateo", "Valentina", "Camila", "Thiago", "João", "Gonçalo",
    "Tomás", "Lucía", "Martín", "Begoña", "Raúl",
    # Central and Eastern European
    "Łukasz", "Małgorzata", "Agnieszka", "Paweł", "Zuzana", "Tomáš", "Ondřej", "Jürgen",
    "Lena", "Felix", "Katarzyna", "Dmitri", "Olga", "Milena", "Ana", "Bogdan",
    # Nordic
    "Björn", "Søren", "Åsa", "Freja", "Mikael", "Ingrid", "Sigrún", "Eero",
    # African
    "Ngozi", "Chidi", "Kwame", "Ama", "Amara", "Tendai", "Wanjiru", "Kofi", "Zanele",
    "Oluwaseun", "Abebe", "Fatoumata",
    # Middle East and North Africa
    "Fatima", "Omar", "Yusuf", "Leila", "Karim", "Nour", "Yasmin", "Tariq", "Elif", "Emre",
    # South and East Asian
    "Priya", "Arjun", "Ananya", "Rohan", "Meera", "Vikram", "Mei", "Wei", "Xiaoling", "Jun",
    "Aiko", "Hiroshi", "Yuki", "Haruto", "Min-jun", "Seo-yeon", "Linh", "Minh", "Siti",
    "Arif",
    # Pacific
    "Aroha", "Sione", "Mere",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Hughes", "Clarke",
    "Patel", "Khan", "Shah", "O'Brien", "Murphy", "Kelly", "Ó Súilleabháin", "MacLeod",
    "Campbell", "Fraser",
    "Dubois", "Lefèvre", "Moreau", "Girard", "Fontaine", "Müller", "Schäfer", "Weiß",
    "Becker", "Hoffmann", "van der Berg", "de Vries", "Janssens", "Peeters",
    "García", "Fernández", "Núñez", "Rodríguez", "Gonçalves", "Ferreira", "Araújo",
    "Castellano", "Moreno", "Ibáñez", "De Souza",
    "Kowalski", "Wiśniewska", "Nowak", "Zieliński", "Dvořák", "Novák", "Horváth",
    "Kovačević", "Petrović", "Ivanova", "Popescu",
    "Ångström", "Lindqvist", "Nielsen", "Jensen", "Søndergaard", "Virtanen", "Halvorsen",
    "Jónsdóttir",
    "Okafor", "Adeyemi", "Mensah", "Nwosu", "Okonkwo", "Mwangi", "Moyo", "Diallo", "Haile",
    "Dlamini",
    "Haddad", "Khalil", "Mansour", "Yılmaz", "Öztürk", "Şahin", "Karimi", "Rahimi",
    "Sharma", "Iyer", "Reddy", "Nair", "Chen", "Wang", "Li", "Zhang", "Liu", "Tanaka",
    "Sato", "Nakamura", "Kim", "Park", "Nguyen", "Tran", "Santos", "Reyes", "Rahman",
    "Ngata", "Tupou",
)  # fmt: skip

CITIES: tuple[tuple[str, str, int], ...] = (
    # (city, country, weight): most alumni stay near the university, many move abroad.
    ("Northbridge", "United Kingdom", 30),
    ("London", "United Kingdom", 40),
    ("Manchester", "United Kingdom", 12),
    ("Edinburgh", "United Kingdom", 8),
    ("Bristol", "United Kingdom", 7),
    ("Belfast", "United Kingdom", 4),
    ("Cardiff", "United Kingdom", 4),
    ("Dublin", "Ireland", 6),
    ("Cork", "Ireland", 2),
    ("Paris", "France", 4),
    ("Lyon", "France", 2),
    ("Berlin", "Germany", 4),
    ("München", "Germany", 3),
    ("Zürich", "Switzerland", 3),
    ("Amsterdam", "Netherlands", 4),
    ("Brussels", "Belgium", 3),
    ("Madrid", "Spain", 3),
    ("Lisbon", "Portugal", 2),
    ("Kraków", "Poland", 2),
    ("Warsaw", "Poland", 2),
    ("Prague", "Czechia", 1),
    ("Copenhagen", "Denmark", 2),
    ("Malmö", "Sweden", 1),
    ("Stockholm", "Sweden", 2),
    ("Reykjavík", "Iceland", 1),
    ("Istanbul", "Türkiye", 1),
    ("Dubai", "United Arab Emirates", 2),
    ("Lagos", "Nigeria", 2),
    ("Nairobi", "Kenya", 2),
    ("Accra", "Ghana", 1),
    ("Cape Town", "South Africa", 1),
    ("Mumbai", "India", 2),
    ("Bengaluru", "India", 2),
    ("Singapore", "Singapore", 2),
    ("Hong Kong", "Hong Kong", 1),
    ("Tokyo", "Japan", 1),
    ("Seoul", "South Korea", 1),
    ("Sydney", "Australia", 2),
    ("Auckland", "New Zealand", 1),
    ("Toronto", "Canada", 2),
    ("Montréal", "Canada", 1),
    ("New York", "United States", 3),
    ("San Francisco", "United States", 1),
    ("São Paulo", "Brazil", 1),
    ("Bogotá", "Colombia", 1),
    ("Ciudad de México", "Mexico", 1),
)

PROGRAMMES: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    # (programme, weight, the sectors its graduates most often work in)
    ("Economics", 10, ("Finance", "Consulting", "Government and Public Policy",
                       "International Organisations", "Research and Academia")),
    ("Computer Science", 10, ("Information Technology", "Entrepreneurship", "Finance",
                              "Research and Academia")),
    ("Law", 8, ("Law", "Government and Public Policy", "Non-profit", "Finance")),
    ("Medicine", 5, ("Healthcare", "Research and Academia", "Science and Pharmaceuticals")),
    ("History", 5, ("Education", "Arts and Culture", "Media and Communications",
                    "Government and Public Policy")),
    ("Mechanical Engineering", 6, ("Engineering", "Manufacturing", "Energy and Environment",
                                   "Transport and Logistics")),
    ("Business Management", 9, ("Marketing and Sales", "Consulting", "Retail",
                                "Entrepreneurship", "Hospitality and Tourism")),
    ("Physics", 4, ("Research and Academia", "Engineering", "Finance", "Information Technology",
                    "Energy and Environment")),
    ("Chemistry", 3, ("Science and Pharmaceuticals", "Research and Academia", "Manufacturing",
                      "Energy and Environment")),
    ("Psychology", 5, ("Healthcare", "Education", "Marketing and Sales", "Non-profit")),
    ("English Literature", 4, ("Media and Communications", "Education", "Arts and Culture",
                               "Marketing and Sales")),
    ("Modern Languages", 3, ("International Organisations", "Hospitality and Tourism",
                             "Education", "Media and Communications")),
    ("Politics and International Relations", 5, ("Government and Public Policy",
                                                 "International Organisations", "Non-profit",
                                                 "Media and Communications")),
    ("Accounting and Finance", 6, ("Accounting", "Finance", "Consulting")),
    ("Architecture", 2, ("Engineering", "Arts and Culture", "Entrepreneurship")),
    ("Civil Engineering", 3, ("Engineering", "Transport and Logistics", "Energy and Environment",
                              "Consulting")),
    ("Mathematics", 4, ("Finance", "Information Technology", "Education",
                        "Research and Academia")),
    ("Biology", 4, ("Science and Pharmaceuticals", "Healthcare", "Research and Academia",
                    "Energy and Environment")),
    ("Music", 2, ("Arts and Culture", "Education", "Media and Communications")),
    ("Geography", 3, ("Energy and Environment", "Government and Public Policy",
                      "Transport and Logistics", "Non-profit")),
    ("Nursing", 3, ("Healthcare", "Education")),
    ("Journalism", 2, ("Media and Communications", "Marketing and Sales")),
    ("Pharmacy", 2, ("Science and Pharmaceuticals", "Healthcare", "Retail")),
    ("Hospitality Management", 2, ("Hospitality and Tourism", "Retail", "Entrepreneurship")),
)  # fmt: skip

ARTS_PROGRAMMES = frozenset(
    {"History", "English Literature", "Modern Languages", "Music", "Journalism",
     "Politics and International Relations"}
)  # fmt: skip
"""Programmes whose postgraduate degree is an MA rather than an MSc."""

SECTOR_CAREERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # sector: (job titles from first job to most senior, invented employers)
    "Accounting": (
        ("Audit Associate", "Tax Associate", "Senior Auditor", "Audit Manager",
         "Financial Controller", "Audit Partner"),
        ("Hartley & Price LLP", "Meridian Audit", "Calder Shaw Accountants",
         "Northgate Tax Advisers", "Brightwater Partners"),
    ),
    "Arts and Culture": (
        ("Gallery Assistant", "Programme Coordinator", "Assistant Curator", "Curator",
         "Head of Learning", "Artistic Director"),
        ("Riverside Arts Centre", "The Old Mill Gallery", "Museum of Textiles",
         "Lantern Theatre Company", "Harbour Philharmonic"),
    ),
    "Consulting": (
        ("Business Analyst", "Consultant", "Senior Consultant", "Engagement Manager",
         "Principal", "Partner"),
        ("Ashcombe Consulting", "Lindhurst & Co", "Blue Harbour Strategy", "Keystone Advisory",
         "Crestline Partners"),
    ),
    "Education": (
        ("Teaching Assistant", "Teacher", "Head of Year", "Head of Department",
         "Deputy Headteacher", "Headteacher"),
        ("Kingsmead Academy", "St Aidan's School", "Riverbank College",
         "Eastfield Primary School", "Northbridge Sixth Form College"),
    ),
    "Energy and Environment": (
        ("Graduate Engineer", "Sustainability Analyst", "Energy Consultant", "Project Manager",
         "Head of Sustainability"),
        ("Solwind Renewables", "GreenGrid Energy", "Tidewater Power", "Carbon Clear",
         "Aurora Hydrogen"),
    ),
    "Engineering": (
        ("Graduate Engineer", "Design Engineer", "Project Engineer", "Senior Engineer",
         "Engineering Manager", "Chief Engineer"),
        ("Halden Structures", "Arclight Engineering", "Pennine Rail Systems",
         "Vantor Aerospace", "Brunel & Marsh"),
    ),
    "Entrepreneurship": (
        ("Founder's Associate", "Product Lead", "Co-founder", "Founder and CEO",
         "Angel Investor"),
        ("Sproutly", "Kitebox", "Loomwise", "Fernhill Ventures", "Tandem Labs"),
    ),
    "Finance": (
        ("Graduate Analyst", "Analyst", "Associate", "Vice President", "Director",
         "Managing Director"),
        ("Northbridge Capital", "Albion Bank", "Corbel Asset Management",
         "Saltmarsh Investments", "Helix Insurance"),
    ),
    "Government and Public Policy": (
        ("Policy Officer", "Policy Adviser", "Senior Policy Adviser", "Head of Policy",
         "Deputy Director"),
        ("Northbridge City Council", "Department of Regional Growth", "Office for Fiscal Review",
         "Ministry of Housing and Communities", "Parliamentary Research Service"),
    ),
    "Healthcare": (
        ("Foundation Doctor", "Specialty Registrar", "General Practitioner",
         "Consultant Physician", "Clinical Director"),
        ("Northbridge General Hospital", "St Mary's Health Trust", "Lakeside Medical Practice",
         "Riverside Children's Hospital", "Westmoor Health Board"),
    ),
    "Hospitality and Tourism": (
        ("Guest Relations Assistant", "Events Coordinator", "Hotel Operations Manager",
         "General Manager", "Regional Director"),
        ("Harbourview Hotels", "Atlas Travel Group", "Maple & Vine Restaurants",
         "Coastline Cruises", "Grand Meridian Hotel"),
    ),
    "Information Technology": (
        ("Junior Developer", "Software Engineer", "Senior Software Engineer", "Tech Lead",
         "Engineering Manager", "Chief Technology Officer"),
        ("Byteforge", "Nimbus Cloud", "Quillsoft", "Datastream Analytics", "Orbital Systems"),
    ),
    "International Organisations": (
        ("Programme Assistant", "Programme Officer", "Country Analyst",
         "Senior Programme Officer", "Head of Mission"),
        ("International Water Alliance", "Global Education Fund", "Refugee Support Network",
         "World Trade Observatory", "Transnational Health Initiative"),
    ),
    "Law": (
        ("Trainee Solicitor", "Associate", "Senior Associate", "Barrister", "Legal Counsel",
         "Partner"),
        ("Fairweather & Cole", "Ashdown Chambers", "Linden Law LLP", "Oakes Mortimer",
         "Greystone Legal"),
    ),
    "Manufacturing": (
        ("Production Engineer", "Quality Engineer", "Operations Manager", "Plant Manager",
         "Supply Chain Director"),
        ("Fenwick Components", "Ironbridge Manufacturing", "Norland Foods", "Castell Automotive",
         "Precision Works"),
    ),
    "Marketing and Sales": (
        ("Marketing Assistant", "Account Executive", "Brand Manager", "Marketing Manager",
         "Head of Marketing", "Sales Director"),
        ("Brightline Media", "Copperleaf Brands", "Pulse Digital", "Foxglove Marketing",
         "Summit Sales Group"),
    ),
    "Media and Communications": (
        ("Editorial Assistant", "Reporter", "Producer", "Communications Manager", "Editor",
         "Head of Communications"),
        ("The Northbridge Herald", "Signal Radio", "Framewell Studios", "Inkwell Publishing",
         "Lighthouse PR"),
    ),
    "Non-profit": (
        ("Volunteer Coordinator", "Fundraising Officer", "Programme Manager",
         "Head of Fundraising", "Chief Executive"),
        ("Open Doors Trust", "Clean Rivers Foundation", "Youth Futures", "Hearth Housing",
         "Literacy for All"),
    ),
    "Research and Academia": (
        ("Research Assistant", "Doctoral Researcher", "Postdoctoral Researcher", "Lecturer",
         "Senior Lecturer", "Professor"),
        ("University of Northbridge", "University of Westhaven", "Institute for Applied Physics",
         "Centre for Social Research", "Marine Biology Laboratory"),
    ),
    "Retail": (
        ("Retail Graduate Trainee", "Assistant Buyer", "Store Manager", "Buyer",
         "Head of Buying", "Retail Director"),
        ("Halsey & Grant", "Greenbasket Supermarkets", "Threadline Fashion", "Homestead Stores",
         "Urban Cycle Co"),
    ),
    "Science and Pharmaceuticals": (
        ("Laboratory Technician", "Research Scientist", "Senior Scientist",
         "Clinical Trials Manager", "Head of R&D"),
        ("Veridian Pharma", "Cellgen Biotech", "Helios Diagnostics", "Larchmont Laboratories",
         "Apex Therapeutics"),
    ),
    "Transport and Logistics": (
        ("Logistics Graduate", "Transport Planner", "Supply Chain Analyst", "Operations Manager",
         "Head of Logistics"),
        ("Northern Freight", "Swiftway Logistics", "Portside Shipping", "Metro Transit Authority",
         "Skylane Airways"),
    ),
}  # fmt: skip

MONTHS: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
"""Positions carry dates as a LinkedIn export writes them: 'Sep 2016'."""

HOBBIES: tuple[str, ...] = (
    "run along the canal most mornings",
    "sing in a community choir",
    "coach a junior football team",
    "am slowly learning Portuguese",
    "volunteer at a food bank",
    "climb, badly but happily",
    "bake bread at weekends",
    "play chess online far too often",
    "restore old bicycles",
    "grow tomatoes on a small balcony",
    "read crime novels in three languages",
    "swim in the sea all year round",
)

BIO_OPENINGS: tuple[str, ...] = (
    "I studied {programme} at {university} and graduated in {graduated}.",
    "After {programme} at {university} ({graduated}), my first job was {first_title} at "
    "{first_employer}.",
    "A {programme} graduate ({graduated}), I found my way into {sector_lower} almost by accident.",
    "I left {university} in {graduated} with a degree in {programme} and no plan at all.",
)
BIO_NOW: tuple[str, ...] = (
    "Today I work as {title} at {employer} in {city}.",
    "I am now {title} at {employer}, based in {city}.",
    "These days I lead work on {sector_lower} at {employer}.",
)
BIO_HELP: tuple[str, ...] = (
    "I'm glad to help with {help1} and {help2}.",
    "Ask me about {help1}, or about {help2}: I made most of the mistakes already.",
    "I remember how little I knew about {help1}; happy to share what I learned since.",
)
BIO_PERSONAL: tuple[str, ...] = ("Outside work I {hobby}.", "When not at work I {hobby}.")

STUDENT_BIOS: tuple[str, ...] = (
    "I'm in year {year} of {programme} and curious about careers in {sector_lower}.",
    "{programme} student, year {year}. I'd like to understand what a first job in "
    "{sector_lower} really looks like.",
    "Year {year}, {programme}. Looking for advice on {goal} before I graduate in {graduates}.",
)

HEADLINES_STUDENT: tuple[str, ...] = (
    "{programme} student, exploring {sector}",
    "{programme} student (graduating {graduates}) interested in {sector}",
    "Year {year} {programme} · curious about {sector}",
)

INTRODUCTIONS: tuple[str, ...] = (
    "Dear {mentor_first}, I study {programme} at Northbridge and I'd love to learn how you "
    "moved into {sector_lower}. Your path to {title} at {employer} is very close to what I "
    "hope to do.",
    "Hello {mentor_first}, I found your profile through the sector cloud. I'm studying "
    "{programme} and I'm unsure how to get a first job in {sector_lower}; would you be "
    "willing to mentor me for a few months?",
    "Hi {mentor_first}, your headline caught my eye. I'd really value advice on {goal} from "
    "someone who works in {sector_lower}, and I'm happy to fit around your schedule.",
    "Dear {mentor_first}, I'm {mentee_first} and I study {programme}. I'm applying for "
    "internships in {sector_lower} this year and would be grateful for your guidance.",
)
"""A student's introduction: says why this mentor, as domain.md asks."""

ALUMNUS_INTRODUCTIONS: tuple[str, ...] = (
    "Dear {mentor_first}, I graduated in {programme} a while ago and I'm thinking of moving "
    "into {sector_lower}. An honest view from someone at {employer} would help me decide.",
    "Hello {mentor_first}, fellow Northbridge graduate here. I'm changing direction towards "
    "{sector_lower} and would value your advice on {goal}.",
)
"""An alumnus asking another alumnus: mentor and mentee at the same time."""

GOALS: tuple[str, ...] = (
    "I'd like help with {goal} and an honest view of {sector_lower}.",
    "Mostly {goal}; a second pair of eyes on my plans would also help.",
    "Understand the sector better, and get better at {goal}.",
)

ACCEPT_RESPONSES: tuple[str, ...] = (
    "Happy to help, {mentee_first}! Let's start with a short call next week.",
    "Of course. Send me your CV and two or three questions, and we'll go from there.",
    "Glad you got in touch, {mentee_first}. Let's agree what you want to get out of this.",
    "Yes, with pleasure. I'm usually free on Thursday evenings.",
)

DECLINE_RESPONSES: tuple[str, ...] = (
    "Thank you for your kind message, {mentee_first}. Work is very busy this term, so I "
    "can't give this the time it deserves. Good luck!",
    "Thanks for asking. I don't think I'm the right person for {goal}; a mentor in "
    "{sector_lower} closer to graduate hiring would serve you better.",
    "I'm sorry, {mentee_first}: I'm about to go on parental leave. Please do ask again next year.",
)

MENTEE_MESSAGES: tuple[str, ...] = (
    "Thanks again for the call, {mentor_first}. I've started rewriting my CV as you suggested.",
    "Here is the updated version of my cover letter; I tried to make the first paragraph "
    "about them, not me.",
    "I have an interview next Tuesday! Could we do a practice run this week?",
    "I spoke to two people in {sector_lower} after your introduction. Very useful.",
    "Quick question: is it normal to ask about salary in a first interview?",
    "I didn't get the place, but the feedback was encouraging. What would you do next?",
    "I've applied to three graduate schemes since we last spoke.",
    "Thank you for the reading list, I'm halfway through the first one.",
)

MENTOR_MESSAGES: tuple[str, ...] = (
    "Good to talk, {mentee_first}. As promised, here are three people worth following in "
    "{sector_lower}.",
    "Your CV is much stronger now. Put the numbers first: what changed because of you?",
    "For the interview, prepare two stories about a time something went wrong.",
    "Don't worry about the rejection: most of us collected a few before the first yes.",
    "Shall we keep our monthly call on the first Monday?",
    "I've looked at your application; the motivation section is the best part.",
    "When you talk about salary, know the range first, then let them say a number.",
    "Well done on the offer! Take a day before you answer.",
)

CLOSING_NOTES: tuple[str, ...] = (
    "Thank you for everything, this made a real difference.",
    "We met our objectives; good luck in the new job!",
    "Time to let someone else benefit. Keep in touch.",
    "",
    "",
)

OBJECTIVES: dict[str, tuple[str, ...]] = {
    "first graduate job": (
        "Shortlist ten graduate roles worth applying for",
        "Send five strong applications before the spring deadlines",
    ),
    "industry insight": (
        "Understand the main career paths in the sector",
        "Talk to three people working in different roles",
    ),
    "CV and applications": (
        "Rewrite my CV around results, not duties",
        "Write one cover letter I'm proud of",
    ),
    "interview practice": (
        "Do two mock interviews before the assessment centre",
        "Prepare answers for the five most common questions",
    ),
    "salary negotiation": ("Know the salary range for my first role",),
    "business plan": ("Write a one-page plan for my business idea",),
    "moving country": ("Work out visas and costs of moving abroad",),
    "changing industry": ("Find out which of my skills transfer to a new sector",),
    "networking": ("Set up a LinkedIn profile and contact five alumni",),
    "further study": ("Decide whether a master's degree is worth it for me",),
    "work-life balance": ("Find a routine that leaves time for rest",),
}

REPORTED_MESSAGES: tuple[tuple[str, str], ...] = (
    # (message body, the recipient's reason for reporting it)
    (
        "If you pay me 200 pounds I can put your CV straight on my manager's desk.",
        "Asking me for money in exchange for a referral.",
    ),
    (
        "Let's move this off the platform, add me on my personal number and we can talk late "
        "at night.",
        "Made me uncomfortable; I'd rather keep contact here.",
    ),
    (
        "Honestly people from your background rarely make it in this sector, don't bother.",
        "Discouraging and discriminatory remark.",
    ),
    (
        "Buy followers cheap at my site, best deals for students, click now!!!",
        "Looks like spam; the account may be hacked.",
    ),
)

STAFF: tuple[tuple[str, str, str], ...] = (
    # (first name, last name, headline) of programme staff who aren't admins
    ("Gwen", "Pritchard", "Careers adviser, Northbridge alumni office"),
    ("Tunde", "Bakare", "Alumni relations officer"),
)
