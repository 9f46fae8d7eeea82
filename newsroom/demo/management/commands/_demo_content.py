"""The demo newsroom's texts and relations, read by `load_demo`.

Translated fields are `(english, german)` pairs; an empty German text is a translation left
missing on purpose. Objects refer to one another by their English slug. Long texts may be
wrapped freely: `load_demo` collapses the whitespace.
"""

import datetime
from datetime import timedelta

SECTIONS = [
    {
        "slug": "automotive",
        "name": ("Automotive", "Automobil"),
        "description": (
            "Carmakers, their suppliers and the clusters that connect them, from the Bajío to the northern border.",
            "Autohersteller, ihre Zulieferer und die Cluster, die sie verbinden – vom Bajío bis an die Nordgrenze.",
        ),
    },
    {
        "slug": "aerospace",
        "name": ("Aerospace", "Luft- und Raumfahrt"),
        "description": (
            "Aircraft parts, maintenance and the aerospace clusters of Querétaro and the Bajío.",
            "Flugzeugteile, Wartung und die Luftfahrtcluster in Querétaro und im Bajío.",
        ),
    },
    {
        "slug": "energy",
        "name": ("Energy", "Energie"),
        "description": (
            "Power for industry and the shift to hybrid and electric vehicles.",
            "Strom für die Industrie und der Wandel zu Hybrid- und Elektrofahrzeugen.",
        ),
    },
    {
        "slug": "infrastructure",
        "name": ("Infrastructure", "Infrastruktur"),
        "description": (
            "Railways, roads, ports and the industrial parks they serve.",
            "Bahnen, Straßen, Häfen und die Industrieparks, die sie anbinden.",
        ),
    },
    {
        "slug": "economy-policy",
        "name": ("Economy & Policy", "Wirtschaft & Politik"),
        "description": (
            "Investment, trade agreements and the state governments competing for both.",
            "Investitionen, Handelsabkommen und die Landesregierungen, die um beides werben.",
        ),
    },
]

SERIES = [
    {
        "slug": "view-from-the-top",
        "section": "automotive",
        "name": ("View from the Top", "Aus der Chefetage"),
        "description": (
            "Interviews with the people who run Mexico's industrial companies, clusters and agencies.",
            "Gespräche mit den Menschen an der Spitze von Mexikos Industrieunternehmen, Clustern und Behörden.",
        ),
    },
]

# Fictional staff of the demo newsroom.
AUTHORS = [
    {
        "slug": "lucia-ramirez",
        "display_name": "Lucía Ramírez",
        "job_title": ("Journalist and Industry Analyst", "Journalistin und Branchenanalystin"),
        "bio": (
            """Lucía Ramírez reports on the automotive and aerospace industries of central Mexico from
            Aguascalientes. Before joining Newsroom she spent eight years covering supplier networks for
            regional business papers.""",
            """Lucía Ramírez berichtet aus Aguascalientes über die Automobil- und Luftfahrtindustrie
            Zentralmexikos. Bevor sie zu Newsroom kam, schrieb sie acht Jahre lang für regionale
            Wirtschaftszeitungen über Zuliefernetzwerke.""",
        ),
    },
    {
        "slug": "jonas-weber",
        "display_name": "Jonas Weber",
        "job_title": ("Editor, Automotive and Aerospace", "Ressortleiter Automobil und Luftfahrt"),
        "bio": (
            """Jonas Weber edits Newsroom's automotive and aerospace coverage. He has written about German and
            Japanese manufacturers in Mexico since 2012.""",
            """Jonas Weber leitet bei Newsroom die Ressorts Automobil und Luftfahrt. Seit 2012 schreibt er über
            deutsche und japanische Hersteller in Mexiko.""",
        ),
    },
    {
        "slug": "katrin-vogel",
        "display_name": "Katrin Vogel",
        "job_title": ("Correspondent for Economy and Energy", "Korrespondentin für Wirtschaft und Energie"),
        "bio": (
            """Katrin Vogel writes about trade policy, investment and energy, and about what Mexico's industrial
            states mean for European companies. Most of her pieces appear in German first.""",
            """Katrin Vogel schreibt über Handelspolitik, Investitionen und Energie – und darüber, was Mexikos
            Industriestaaten für europäische Unternehmen bedeuten. Die meisten ihrer Texte erscheinen zuerst auf
            Deutsch.""",
        ),
    },
    {
        "slug": "daniel-fuentes",
        "display_name": "Daniel Fuentes",
        "job_title": ("Reporter, Infrastructure", "Reporter für Infrastruktur"),
        "bio": (
            "Daniel Fuentes covers railways, roads and industrial parks from Mexico City and Toluca.",
            "Daniel Fuentes berichtet aus Mexiko-Stadt und Toluca über Bahnen, Straßen und Industrieparks.",
        ),
    },
    {
        "slug": "mariana-ortega",
        "display_name": "Mariana Ortega",
        "job_title": ("Fact-Checking Editor", "Redakteurin für Faktenprüfung"),
        "bio": (
            """Mariana Ortega checks figures, names and sources before stories are published, including every text
            written with the help of AI.""",
            """Mariana Ortega prüft Zahlen, Namen und Quellen, bevor Artikel erscheinen – auch jeden Text, der mit
            Hilfe von KI entstanden ist.""",
        ),
    },
]

# The author the demo editor's account writes as.
EDITOR_AUTHOR = "jonas-weber"

TAGS = [
    {"slug": "japanese-investment", "name": ("Japanese investment", "Japanische Investitionen")},
    {"slug": "supply-chains", "name": ("Supply chains", "Lieferketten")},
    {"slug": "smes", "name": ("Small and medium-sized firms", "Kleine und mittlere Unternehmen")},
    {"slug": "usmca", "name": ("USMCA", "USMCA")},
    {"slug": "rules-of-origin", "name": ("Rules of origin", "Ursprungsregeln")},
    {"slug": "training", "name": ("Training", "Weiterbildung")},
    {"slug": "jobs", "name": ("Jobs", "Arbeitsplätze")},
    {"slug": "hybrid-vehicles", "name": ("Hybrid vehicles", "Hybridfahrzeuge")},
    {"slug": "rail", "name": ("Rail", "Schiene")},
    {"slug": "industrial-clusters", "name": ("Industrial clusters", "Industriecluster")},
]

# Parents come before their children.
PLACES = [
    {"slug": "mexico", "kind": "country", "name": ("Mexico", "Mexiko")},
    {"slug": "japan", "kind": "country", "name": ("Japan", "Japan")},
    {"slug": "united-states", "kind": "country", "name": ("United States", "Vereinigte Staaten")},
    {
        "slug": "aguascalientes",
        "kind": "state",
        "parent": "mexico",
        "name": ("Aguascalientes", "Aguascalientes"),
        "description": (
            """A small state in central Mexico with a large car industry, grown around Nissan and its Japanese
            suppliers.""",
            """Ein kleiner Bundesstaat in Zentralmexiko mit einer großen Autoindustrie, die um Nissan und seine
            japanischen Zulieferer gewachsen ist.""",
        ),
    },
    {
        "slug": "jalisco",
        "kind": "state",
        "parent": "mexico",
        "name": ("Jalisco", "Jalisco"),
        "description": (
            """Western state whose capital, Guadalajara, is a centre of the electronics industry and of a growing
            automotive supplier base.""",
            """Bundesstaat im Westen; seine Hauptstadt Guadalajara ist ein Zentrum der Elektronikindustrie und einer
            wachsenden Autozulieferbranche.""",
        ),
    },
    {"slug": "guanajuato", "kind": "state", "parent": "mexico", "name": ("Guanajuato", "Guanajuato")},
    {
        "slug": "queretaro",
        "kind": "state",
        "parent": "mexico",
        "name": ("Querétaro", "Querétaro"),
        "description": (
            "Home to Mexico's best-known aerospace cluster and a member of the Bajío Alliance.",
            "Sitz des bekanntesten Luftfahrtclusters Mexikos und Mitglied der Bajío-Allianz.",
        ),
    },
    {"slug": "san-luis-potosi", "kind": "state", "parent": "mexico", "name": ("San Luis Potosí", "San Luis Potosí")},
    {"slug": "coahuila", "kind": "state", "parent": "mexico", "name": ("Coahuila", "Coahuila")},
    {"slug": "sonora", "kind": "state", "parent": "mexico", "name": ("Sonora", "Sonora")},
    {"slug": "michoacan", "kind": "state", "parent": "mexico", "name": ("Michoacán", "Michoacán")},
    {"slug": "nuevo-leon", "kind": "state", "parent": "mexico", "name": ("Nuevo León", "Nuevo León")},
    {"slug": "baja-california", "kind": "state", "parent": "mexico", "name": ("Baja California", "Niederkalifornien")},
    {"slug": "chihuahua", "kind": "state", "parent": "mexico", "name": ("Chihuahua", "Chihuahua")},
    {"slug": "state-of-mexico", "kind": "state", "parent": "mexico", "name": ("State of Mexico", "Bundesstaat México")},
    {"slug": "mexico-city", "kind": "city", "parent": "mexico", "name": ("Mexico City", "Mexiko-Stadt")},
    {"slug": "toluca", "kind": "city", "parent": "state-of-mexico", "name": ("Toluca", "Toluca")},
    {"slug": "guaymas", "kind": "city", "parent": "sonora", "name": ("Guaymas", "Guaymas")},
    {"slug": "hiroshima", "kind": "city", "parent": "japan", "name": ("Hiroshima", "Hiroshima")},
    {"slug": "yokohama", "kind": "city", "parent": "japan", "name": ("Yokohama", "Yokohama")},
    {"slug": "nagoya", "kind": "city", "parent": "japan", "name": ("Nagoya", "Nagoya")},
]

BAJIO_STATES = ["guanajuato", "jalisco", "aguascalientes", "san-luis-potosi", "queretaro"]

SUPPLIERS = [
    ("instrumentos-y-controles-programables", "Instrumentos y Controles Programables"),
    ("newcond-castings", "Newcond Castings"),
    ("quality-bolca", "Quality BOLCA"),
    ("hecort-industrial", "Hecort Industrial"),
    ("manufacturas-mecanicas-ipm", "Manufacturas Mecánicas IPM"),
    ("estaracks", "Estaracks"),
    ("miraplastek", "Miraplastek"),
    ("seina", "SEINA"),
    ("acabados-metalicos-innovadores", "Acabados Metálicos Innovadores"),
    ("metalistik", "Metalistik"),
    ("ditromexico", "Ditromexico"),
    ("stamptek", "Stamptek"),
]

SUPPLIER_DESCRIPTION = (
    """An automotive supplier from Aguascalientes and one of the twelve local firms in the Automotive Industry
    Strengthening Program, which trained them in Hiroshima and Yokohama in February 2026.""",
    """Ein Automobilzulieferer aus Aguascalientes und eine der zwölf lokalen Firmen im Programm zur Stärkung der
    Automobilindustrie, das sie im Februar 2026 in Hiroshima und Yokohama schulte.""",
)

# Parents come before their subsidiaries. Coahuila's cluster and Calsonic Kansei wait for a German translation.
ORGANIZATIONS = [
    {
        "slug": "bajio-alliance",
        "kind": "alliance",
        "name": ("Bajío Alliance", "Bajío-Allianz"),
        "places": BAJIO_STATES,
        "description": (
            """An alliance of five central Mexican states: Guanajuato, Jalisco, Aguascalientes, San Luis Potosí and
            Querétaro.""",
            """Ein Bündnis von fünf Bundesstaaten in Zentralmexiko: Guanajuato, Jalisco, Aguascalientes, San Luis
            Potosí und Querétaro.""",
        ),
    },
    {
        "slug": "government-of-aguascalientes",
        "kind": "government",
        "name": ("Government of the State of Aguascalientes", "Regierung des Bundesstaates Aguascalientes"),
        "places": ["aguascalientes"],
        "member_of": ["bajio-alliance"],
        "description": (
            """The state government, led by Governor Tere Jiménez. It has made Japanese investment and the training
            of local suppliers a priority.""",
            """Die Landesregierung unter Gouverneurin Tere Jiménez. Sie hat japanische Investitionen und die
            Schulung lokaler Zulieferer zu einem Schwerpunkt gemacht.""",
        ),
    },
    {
        "slug": "sedecyt-aguascalientes",
        "kind": "government",
        "parent": "government-of-aguascalientes",
        "name": (
            "Secretariat of Economic Development, Science and Technology of Aguascalientes",
            "Ministerium für wirtschaftliche Entwicklung, Wissenschaft und Technologie von Aguascalientes",
        ),
        "short_name": ("SEDECYT", "SEDECYT"),
        "places": ["aguascalientes"],
        "description": (
            """The state ministry that courts investors and runs programmes for local suppliers. Its secretary is
            Esaú Garza de Vega.""",
            """Das Landesministerium wirbt um Investoren und betreut Programme für lokale Zulieferer. Minister ist
            Esaú Garza de Vega.""",
        ),
    },
    {
        "slug": "aguascalientes-education-institute",
        "kind": "education",
        "parent": "government-of-aguascalientes",
        "name": ("Aguascalientes Education Institute", "Bildungsinstitut Aguascalientes"),
        "short_name": ("IEA", "IEA"),
        "places": ["aguascalientes"],
        "description": (
            """The state body responsible for public education in Aguascalientes, led by General Director Raúl
            Silva Perezchica.""",
            """Die für das öffentliche Bildungswesen in Aguascalientes zuständige Landesbehörde unter
            Generaldirektor Raúl Silva Perezchica.""",
        ),
    },
    {
        "slug": "government-of-jalisco",
        "kind": "government",
        "name": ("Government of the State of Jalisco", "Regierung des Bundesstaates Jalisco"),
        "places": ["jalisco"],
        "member_of": ["bajio-alliance"],
        "description": (
            "The state government of Jalisco, a member of the Bajío Alliance.",
            "Die Landesregierung von Jalisco, Mitglied der Bajío-Allianz.",
        ),
    },
    {
        "slug": "sedeco-jalisco",
        "kind": "government",
        "parent": "government-of-jalisco",
        "name": (
            "Secretariat of Economic Development of Jalisco",
            "Ministerium für wirtschaftliche Entwicklung Jalisco",
        ),
        "short_name": ("SEDECO", "SEDECO"),
        "places": ["jalisco"],
        "description": (
            """Jalisco's economic development ministry. It works with the Jalisco Automotive Cluster on supplier
            development.""",
            """Das Wirtschaftsministerium von Jalisco. Es arbeitet bei der Zuliefererentwicklung mit dem
            Automobilcluster Jalisco zusammen.""",
        ),
    },
    {
        "slug": "government-of-mexico",
        "kind": "government",
        "name": ("Government of Mexico", "Regierung von Mexiko"),
        "places": ["mexico"],
        "description": (
            "Mexico's federal government. It built the Mexico–Toluca Interurban Train, El Insurgente.",
            "Die Bundesregierung Mexikos. Sie hat den Überlandzug Mexiko–Toluca „El Insurgente“ gebaut.",
        ),
    },
    {
        "slug": "jica",
        "kind": "agency",
        "name": ("Japan International Cooperation Agency", "Japanische Agentur für internationale Zusammenarbeit"),
        "short_name": ("JICA", "JICA"),
        "places": ["japan"],
        "description": (
            """Japan's agency for development cooperation. In Aguascalientes it backs the training of suppliers and
            a scheme to link local firms with Japanese supply chains.""",
            """Japans Agentur für Entwicklungszusammenarbeit. In Aguascalientes unterstützt sie die Schulung von
            Zulieferern und ein Programm, das lokale Firmen mit japanischen Lieferketten verbindet.""",
        ),
    },
    {
        "slug": "nagoya-chamber-of-commerce-and-industry",
        "kind": "chamber",
        "name": ("Nagoya Chamber of Commerce and Industry", "Industrie- und Handelskammer Nagoya"),
        "places": ["nagoya"],
        "description": (
            """One of Japan's large business chambers, with more than 17,000 member companies. It agreed an
            alliance with Aguascalientes during the state's second trade trip to Japan.""",
            """Eine der großen Wirtschaftskammern Japans mit mehr als 17.000 Mitgliedsunternehmen. Während der
            zweiten Wirtschaftsreise des Bundesstaates nach Japan vereinbarte sie eine Allianz mit Aguascalientes.""",
        ),
    },
    {
        "slug": "nissan",
        "kind": "company",
        "name": ("Nissan", "Nissan"),
        "places": ["japan", "aguascalientes"],
        "description": (
            "Japanese carmaker and the anchor of the automotive industry in Aguascalientes.",
            "Japanischer Autohersteller und Anker der Automobilindustrie in Aguascalientes.",
        ),
    },
    {
        "slug": "jatco",
        "kind": "company",
        "parent": "nissan",
        "name": ("Jatco", "Jatco"),
        "places": ["japan", "aguascalientes"],
        "description": (
            "Japanese maker of automatic transmissions, with production in Aguascalientes.",
            "Japanischer Hersteller von Automatikgetrieben mit Produktion in Aguascalientes.",
        ),
    },
    {
        "slug": "tachi-s",
        "kind": "company",
        "name": ("Tachi-S", "Tachi-S"),
        "places": ["japan", "aguascalientes"],
        "description": (
            "Japanese maker of car seats, present in Aguascalientes for more than 28 years.",
            "Japanischer Hersteller von Autositzen, seit mehr als 28 Jahren in Aguascalientes.",
        ),
    },
    {
        "slug": "unipres",
        "kind": "company",
        "name": ("Unipres", "Unipres"),
        "places": ["japan", "aguascalientes"],
        "description": (
            "Japanese maker of pressed steel parts for car bodies, with a plant in Aguascalientes.",
            "Japanischer Hersteller von Pressteilen aus Stahl für Karosserien mit einem Werk in Aguascalientes.",
        ),
    },
    {
        "slug": "calsonic-kansei",
        "kind": "company",
        "name": ("Calsonic Kansei", ""),
        "places": ["japan", "aguascalientes"],
        "description": (
            """Japanese maker of cockpit modules, climate-control and exhaust systems, with operations in
            Aguascalientes.""",
            "",
        ),
    },
    {
        "slug": "toyota",
        "kind": "company",
        "name": ("Toyota", "Toyota"),
        "places": ["japan", "united-states"],
        "description": (
            """Japan's largest carmaker, chaired by Akio Toyoda. It plans to invest US$912 million in hybrid
            production at five plants in the United States.""",
            """Japans größter Autohersteller, Verwaltungsratsvorsitzender ist Akio Toyoda. Das Unternehmen will
            912 Millionen US-Dollar in die Hybridproduktion an fünf Werken in den Vereinigten Staaten investieren.""",
        ),
    },
    {
        "slug": "mexican-automotive-cluster-network",
        "kind": "alliance",
        "name": ("Mexican Automotive Cluster Network", "Netzwerk der mexikanischen Automobilcluster"),
        "places": ["mexico"],
        "description": (
            "A network of ten regional automotive clusters, among them those of Jalisco and Coahuila.",
            "Ein Netzwerk aus zehn regionalen Automobilclustern, darunter die von Jalisco und Coahuila.",
        ),
    },
    {
        "slug": "jalisco-automotive-cluster",
        "kind": "cluster",
        "name": ("Jalisco Automotive Cluster", "Automobilcluster Jalisco"),
        "places": ["jalisco"],
        "member_of": ["mexican-automotive-cluster-network"],
        "description": (
            """Founded in 2017, the cluster brings together 24 member companies, nine more than a year earlier. Its
            Director General is Carmen Hernández.""",
            """Der 2017 gegründete Cluster vereint 24 Mitgliedsunternehmen, neun mehr als ein Jahr zuvor.
            Generaldirektorin ist Carmen Hernández.""",
        ),
    },
    {
        "slug": "coahuila-automotive-cluster",
        "kind": "cluster",
        "name": ("Coahuila Automotive Cluster", ""),
        "places": ["coahuila"],
        "member_of": ["mexican-automotive-cluster-network"],
        "description": (
            """The automotive cluster of the northern state of Coahuila, a member of the Mexican Automotive Cluster
            Network.""",
            "",
        ),
    },
    {
        "slug": "defense-and-aeronautics-aerospace-cluster",
        "kind": "cluster",
        "parent": "bajio-alliance",
        "name": (
            "Defense and Aeronautics Aerospace Cluster",
            "Luft- und Raumfahrtcluster für Verteidigung und Luftfahrt",
        ),
        "places": BAJIO_STATES,
        "description": (
            """Set up by the Bajío Alliance, the cluster brings together 68 aerospace companies from its five member
            states.""",
            """Der von der Bajío-Allianz gegründete Cluster vereint 68 Luft- und Raumfahrtunternehmen aus den fünf
            Mitgliedsstaaten.""",
        ),
    },
    {
        "slug": "queretaro-aerocluster",
        "kind": "cluster",
        "name": ("Querétaro Aerocluster", "Luftfahrtcluster Querétaro"),
        "places": ["queretaro"],
        "description": (
            "The aerospace cluster of the state of Querétaro, led by Director Antonio Velázquez Solís.",
            "Der Luft- und Raumfahrtcluster des Bundesstaates Querétaro unter Direktor Antonio Velázquez Solís.",
        ),
    },
    {
        "slug": "famex",
        "kind": "trade_fair",
        "name": ("Mexican Aerospace Fair", "Mexikanische Luft- und Raumfahrtmesse"),
        "short_name": ("FAMEX", "FAMEX"),
        "places": ["mexico"],
        "description": (
            "Mexico's international aerospace trade fair. Its Executive Director is Antonio Bravo Álvarez.",
            "Mexikos internationale Luft- und Raumfahrtmesse. Geschäftsführender Direktor ist Antonio Bravo Álvarez.",
        ),
    },
    *(
        {
            "slug": slug,
            "kind": "company",
            "name": (name, name),
            "places": ["aguascalientes"],
            "description": SUPPLIER_DESCRIPTION,
        }
        for slug, name in SUPPLIERS
    ),
]

PEOPLE = [
    {
        "slug": "tere-jimenez",
        "name": "Tere Jiménez",
        "organization": "government-of-aguascalientes",
        "position": ("Governor of the State of Aguascalientes", "Gouverneurin des Bundesstaates Aguascalientes"),
        "bio": (
            """Tere Jiménez is the Governor of Aguascalientes. She announced the Automotive Industry Strengthening
            Program, and her government has twice travelled to Japan to court investors.""",
            """Tere Jiménez ist Gouverneurin von Aguascalientes. Sie kündigte das Programm zur Stärkung der
            Automobilindustrie an, und ihre Regierung ist bereits zweimal nach Japan gereist, um Investoren zu
            gewinnen.""",
        ),
    },
    {
        "slug": "esau-garza-de-vega",
        "name": "Esaú Garza de Vega",
        "organization": "sedecyt-aguascalientes",
        "position": (
            "Secretary of Economic Development, Science and Technology",
            "Minister für wirtschaftliche Entwicklung, Wissenschaft und Technologie",
        ),
        "bio": (
            """As Aguascalientes' Secretary of Economic Development, Science and Technology, Esaú Garza de Vega is
            responsible for attracting investment and for the state's supplier programmes.""",
            """Als Minister für wirtschaftliche Entwicklung, Wissenschaft und Technologie von Aguascalientes ist
            Esaú Garza de Vega für die Ansiedlung von Investitionen und die Zuliefererprogramme des Bundesstaates
            zuständig.""",
        ),
    },
    {
        "slug": "carmen-hernandez",
        "name": "Carmen Hernández",
        "organization": "jalisco-automotive-cluster",
        "position": ("Director General", "Generaldirektorin"),
        "bio": (
            """Carmen Hernández is Director General of the Jalisco Automotive Cluster, which has grown to 24 member
            companies since its founding in 2017.""",
            """Carmen Hernández ist Generaldirektorin des Automobilclusters Jalisco, der seit seiner Gründung 2017
            auf 24 Mitgliedsunternehmen gewachsen ist.""",
        ),
    },
    {
        "slug": "antonio-velazquez-solis",
        "name": "Antonio Velázquez Solís",
        "organization": "queretaro-aerocluster",
        "position": ("Director", "Direktor"),
        "bio": (
            "Antonio Velázquez Solís directs the Querétaro Aerocluster.",
            "Antonio Velázquez Solís leitet den Luftfahrtcluster Querétaro.",
        ),
    },
    {
        "slug": "antonio-bravo-alvarez",
        "name": "Antonio Bravo Álvarez",
        "organization": "famex",
        "position": ("Executive Director", "Geschäftsführender Direktor"),
        "bio": (
            "Antonio Bravo Álvarez is Executive Director of FAMEX, the Mexican Aerospace Fair.",
            """Antonio Bravo Álvarez ist geschäftsführender Direktor der FAMEX, der Mexikanischen Luft- und
            Raumfahrtmesse.""",
        ),
    },
    {
        "slug": "raul-silva-perezchica",
        "name": "Raúl Silva Perezchica",
        "organization": "aguascalientes-education-institute",
        "position": ("General Director", "Generaldirektor"),
        "bio": (
            "Raúl Silva Perezchica is General Director of the Aguascalientes Education Institute.",
            "Raúl Silva Perezchica ist Generaldirektor des Bildungsinstituts Aguascalientes.",
        ),
    },
    {
        "slug": "akio-toyoda",
        "name": "Akio Toyoda",
        "organization": "toyota",
        "position": ("Chairman", "Verwaltungsratsvorsitzender"),
        "bio": (
            "Akio Toyoda is chairman of Toyota Motor Corporation.",
            "Akio Toyoda ist Verwaltungsratsvorsitzender der Toyota Motor Corporation.",
        ),
    },
    {
        "slug": "claudia-sheinbaum",
        "name": "Claudia Sheinbaum",
        "organization": "government-of-mexico",
        "position": ("President of Mexico", "Präsidentin von Mexiko"),
        "bio": (
            "Claudia Sheinbaum has been President of Mexico since October 2024.",
            "Claudia Sheinbaum ist seit Oktober 2024 Präsidentin von Mexiko.",
        ),
    },
]

# The programme's and the train's dates come from the record; the others are set for the demo.
# The Jalisco kick-off waits for a German translation.
EVENTS = [
    {
        "slug": "automotive-industry-strengthening-program",
        "title": ("Automotive Industry Strengthening Program", "Programm zur Stärkung der Automobilindustrie"),
        "description": (
            """Sixteen days of training in Hiroshima and Yokohama for twelve automotive suppliers from
            Aguascalientes, backed by JICA and announced by Governor Tere Jiménez.""",
            """Sechzehn Tage Schulung in Hiroshima und Yokohama für zwölf Automobilzulieferer aus Aguascalientes,
            unterstützt von der JICA und angekündigt von Gouverneurin Tere Jiménez.""",
        ),
        "start_date": datetime.date(2026, 2, 1),
        "end_date": datetime.date(2026, 2, 16),
        "time_zone": "Asia/Tokyo",
        "places": ["hiroshima", "yokohama"],
        "organizers": ["government-of-aguascalientes", "jica"],
        "participants": [slug for slug, _name in SUPPLIERS],
        "people": ["tere-jimenez"],
    },
    {
        "slug": "aguascalientes-trade-trip-to-japan",
        "title": ("Second Aguascalientes trade trip to Japan", "Zweite Wirtschaftsreise von Aguascalientes nach Japan"),
        "description": (
            """The state government's second trade trip to Japan: eleven work meetings, five of them with companies
            already producing in Aguascalientes, and an alliance with the Nagoya Chamber of Commerce and
            Industry.""",
            """Die zweite Wirtschaftsreise der Landesregierung nach Japan: elf Arbeitstreffen, fünf davon mit
            Unternehmen, die bereits in Aguascalientes produzieren, und eine Allianz mit der Industrie- und
            Handelskammer Nagoya.""",
        ),
        "start_date": datetime.date(2026, 10, 26),
        "end_date": datetime.date(2026, 10, 30),
        "start_time": datetime.time(9, 0),
        "end_time": datetime.time(18, 0),
        "time_zone": "Asia/Tokyo",
        "places": ["japan", "nagoya"],
        "organizers": ["government-of-aguascalientes", "sedecyt-aguascalientes"],
        "participants": [
            "jica",
            "nagoya-chamber-of-commerce-and-industry",
            "nissan",
            "jatco",
            "tachi-s",
            "unipres",
            "calsonic-kansei",
        ],
        "people": ["tere-jimenez", "esau-garza-de-vega"],
    },
    {
        "slug": "jalisco-supplier-development-programme-kick-off",
        "title": ("Kick-off of the Jalisco Automotive Cluster's supplier development programme", ""),
        "description": (
            """The cluster's first supplier development programme, run with the Jalisco state government, opens
            with a webinar on the USMCA's rules of origin and regional value content.""",
            "",
        ),
        "start_date": datetime.date(2021, 1, 26),
        "end_date": datetime.date(2021, 1, 26),
        "start_time": datetime.time(10, 0),
        "end_time": datetime.time(12, 0),
        "time_zone": "America/Mexico_City",
        "places": ["jalisco"],
        "organizers": ["jalisco-automotive-cluster", "sedeco-jalisco"],
        "participants": ["government-of-jalisco"],
        "people": ["carmen-hernandez"],
    },
    {
        "slug": "automotive-strategic-agenda-forum",
        "title": (
            "Forum for the Presentation of the Strategic Agenda of the Automotive Sector",
            "Forum zur Vorstellung der strategischen Agenda für die Automobilbranche",
        ),
        "description": (
            """The Aguascalientes government's forum to present its strategic agenda for the automotive sector.
            Postponed; a new date has not been announced yet.""",
            """Das Forum der Landesregierung von Aguascalientes, auf dem sie ihre strategische Agenda für die
            Automobilbranche vorstellt. Verschoben; ein neuer Termin steht noch nicht fest.""",
        ),
        "start_date": datetime.date(2026, 12, 3),
        "end_date": datetime.date(2026, 12, 3),
        "status": "postponed",
        "places": ["aguascalientes"],
        "organizers": ["government-of-aguascalientes", "sedecyt-aguascalientes"],
        "participants": ["aguascalientes-education-institute", "nissan"],
        "people": ["esau-garza-de-vega", "raul-silva-perezchica"],
    },
    {
        "slug": "el-insurgente-last-stage-inauguration",
        "title": (
            "Inauguration of the last stage of the Mexico–Toluca Interurban Train “El Insurgente”",
            "Eröffnung des letzten Abschnitts des Überlandzugs Mexiko–Toluca „El Insurgente“",
        ),
        "description": (
            """The final stretch of El Insurgente opens. The line links Toluca with Mexico City over 57.7 km and
            seven stations and is expected to carry more than 230,000 passengers a day.""",
            """Der letzte Abschnitt von „El Insurgente“ geht in Betrieb. Die Strecke verbindet Toluca auf 57,7
            Kilometern und mit sieben Stationen mit Mexiko-Stadt; erwartet werden mehr als 230.000 Fahrgäste am
            Tag.""",
        ),
        "start_date": datetime.date(2026, 2, 2),
        "end_date": datetime.date(2026, 2, 2),
        "places": ["toluca", "mexico-city"],
        "organizers": ["government-of-mexico"],
        "people": ["claudia-sheinbaum"],
    },
]

CARMEN_HERNANDEZ_INTERVIEW = [
    (
        "The cluster was founded in 2017. What was missing before?",
        """Jalisco had plenty of companies working for the car industry, but no place where they met as a group.
        Each of them dealt with the carmakers, the state and the universities on its own. The cluster gives them a
        common table and a common voice.""",
        "Der Cluster wurde 2017 gegründet. Was hat vorher gefehlt?",
        """In Jalisco gab es viele Unternehmen, die für die Autoindustrie arbeiten, aber keinen Ort, an dem sie sich
        als Gruppe trafen. Jedes verhandelte allein mit den Herstellern, dem Bundesstaat und den Universitäten. Der
        Cluster gibt ihnen einen gemeinsamen Tisch und eine gemeinsame Stimme.""",
    ),
    (
        "You have 24 member companies, nine more than a year ago. What brings new members in?",
        """Mostly practical questions. A company wants to know what a carmaker expects from a new supplier, which
        certification it needs first, or how to read a change in the trade rules. Those answers are easier to find
        together than alone.""",
        "Sie haben 24 Mitgliedsunternehmen, neun mehr als vor einem Jahr. Was zieht neue Mitglieder an?",
        """Meist ganz praktische Fragen. Ein Unternehmen will wissen, was ein Hersteller von einem neuen Zulieferer
        erwartet, welche Zertifizierung es zuerst braucht oder wie eine Änderung der Handelsregeln zu lesen ist.
        Solche Antworten findet man gemeinsam leichter als allein.""",
    ),
    (
        """In January 2021 you started your first supplier development programme together with the state
        government. How does it work?""",
        """With SEDECO we look for local firms that could sell to the plants in the region but do not yet. Then we
        work through the gaps with them: quality systems, certifications, costs, delivery. The programme has only
        succeeded when a company ends up with a contract.""",
        """Im Januar 2021 haben Sie gemeinsam mit der Landesregierung Ihr erstes Programm zur Zuliefererentwicklung
        gestartet. Wie funktioniert es?""",
        """Zusammen mit SEDECO suchen wir lokale Firmen, die an die Werke in der Region liefern könnten, es aber noch
        nicht tun. Dann arbeiten wir mit ihnen die Lücken ab: Qualitätssysteme, Zertifizierungen, Kosten,
        Lieferfähigkeit. Erfolgreich ist das Programm erst, wenn ein Unternehmen am Ende einen Auftrag hat.""",
    ),
    (
        "The first webinars were on the USMCA's rules of origin. Why begin there?",
        """Because regional value content decides whether a vehicle crosses into the United States without
        tariffs. A carmaker that needs more North American content has to buy more parts in the region, and a
        supplier who understands the rules can turn that into a reason to buy in Jalisco.""",
        "Die ersten Webinare behandelten die Ursprungsregeln des USMCA. Warum gerade damit anfangen?",
        """Weil der regionale Wertschöpfungsanteil darüber entscheidet, ob ein Fahrzeug zollfrei in die Vereinigten
        Staaten gelangt. Ein Hersteller, der mehr nordamerikanischen Anteil braucht, muss mehr Teile in der Region
        kaufen – und ein Zulieferer, der die Regeln versteht, kann daraus einen Grund machen, in Jalisco
        einzukaufen.""",
    ),
    (
        "The cluster is part of the Mexican Automotive Cluster Network. What does that give you?",
        """Ten regional clusters face many of the same questions. When Coahuila has already tried something we are
        planning, we can learn from it instead of starting from zero. And when we speak to the federal government,
        ten clusters are heard more clearly than one.""",
        "Der Cluster gehört zum Netzwerk der mexikanischen Automobilcluster. Was bringt Ihnen das?",
        """Zehn regionale Cluster stehen vor vielen gleichen Fragen. Wenn Coahuila etwas schon ausprobiert hat, das
        wir planen, können wir daraus lernen, statt bei null anzufangen. Und wenn wir mit der Bundesregierung
        sprechen, werden zehn Cluster deutlicher gehört als einer.""",
    ),
    (
        "Where do you want the cluster to be in five years?",
        """I would like more Jalisco companies to supply the carmakers directly, and more of the value in every
        vehicle built in the region to be created here.""",
        "Wo soll der Cluster in fünf Jahren stehen?",
        """Ich wünsche mir, dass mehr Unternehmen aus Jalisco die Hersteller direkt beliefern und dass mehr von der
        Wertschöpfung jedes in der Region gebauten Fahrzeugs hier entsteht.""",
    ),
]

# `published` is relative to the moment the command runs: negative is past, positive is scheduled.
# Articles without German text wait for a translation; `original_language="de"` ones were written in German.
ARTICLES = [
    {
        "slug": "el-insurgente-runs-full-length-toluca-mexico-city",
        "kind": "news",
        "section": "infrastructure",
        "published": -timedelta(hours=20),
        "is_featured": True,
        "authors": ["daniel-fuentes"],
        "dateline": "toluca",
        "organizations": ["government-of-mexico"],
        "people": ["claudia-sheinbaum"],
        "places": ["toluca", "mexico-city", "state-of-mexico"],
        "events": ["el-insurgente-last-stage-inauguration"],
        "tags": ["rail"],
        "related": ["interurban-train-in-four-numbers"],
        "headline": (
            "El Insurgente now runs the full 57.7 km from Toluca to Mexico City",
            "„El Insurgente“ fährt jetzt die gesamten 57,7 Kilometer von Toluca nach Mexiko-Stadt",
        ),
        "standfirst": (
            """With its last stage open since 2 February 2026, the Mexico–Toluca Interurban Train links seven
            stations and is expected to carry more than 230,000 passengers a day.""",
            """Seit der Eröffnung des letzten Abschnitts am 2. Februar 2026 verbindet der Überlandzug Mexiko–Toluca
            sieben Stationen; erwartet werden mehr als 230.000 Fahrgäste am Tag.""",
        ),
        "body": (
            """<p>The Mexico–Toluca Interurban Train, known as El Insurgente, opened its last stage on 2 February
            2026. The line now covers 57.7 km and seven stations between Toluca, the capital of the State of Mexico,
            and Mexico City.</p>
            <p>The final stretch was inaugurated by the federal government, headed by President Claudia Sheinbaum.
            Once the line is in full use it is expected to carry more than 230,000 passengers a day.</p>
            <h2>Why it matters for industry</h2>
            <p>Toluca and the towns around it are home to car plants, logistics centres and their suppliers. A fast
            rail link to the capital widens the pool of workers and engineers those companies can hire from, and
            gives commuters an alternative to a motorway that is often congested.</p>
            <ul>
            <li>Length: 57.7 km</li>
            <li>Stations: seven</li>
            <li>Expected ridership: more than 230,000 passengers a day</li>
            </ul>""",
            """<p>Der Überlandzug Mexiko–Toluca, bekannt als „El Insurgente“, hat am 2. Februar 2026 seinen letzten
            Abschnitt eröffnet. Die Strecke umfasst nun 57,7 Kilometer und sieben Stationen zwischen Toluca, der
            Hauptstadt des Bundesstaates México, und Mexiko-Stadt.</p>
            <p>Eingeweiht wurde der letzte Abschnitt von der Bundesregierung unter Präsidentin Claudia Sheinbaum.
            Ist die Strecke voll in Betrieb, soll sie täglich mehr als 230.000 Fahrgäste befördern.</p>
            <h2>Warum das für die Industrie zählt</h2>
            <p>In Toluca und den umliegenden Orten sitzen Autowerke, Logistikzentren und ihre Zulieferer. Eine
            schnelle Bahnverbindung in die Hauptstadt vergrößert den Kreis der Arbeitskräfte und Ingenieure, die
            diese Unternehmen einstellen können, und bietet Pendlern eine Alternative zur oft verstopften
            Autobahn.</p>
            <ul>
            <li>Länge: 57,7 Kilometer</li>
            <li>Stationen: sieben</li>
            <li>Erwartete Fahrgastzahl: mehr als 230.000 am Tag</li>
            </ul>""",
        ),
        "lead_image_caption": (
            "The last stage of El Insurgente opened on 2 February 2026.",
            "Der letzte Abschnitt von „El Insurgente“ wurde am 2. Februar 2026 eröffnet.",
        ),
    },
    {
        "slug": "aguascalientes-suppliers-complete-training-in-japan",
        "kind": "news",
        "section": "automotive",
        "published": -timedelta(days=2, hours=3),
        "is_featured": True,
        "authors": ["lucia-ramirez"],
        "dateline": "aguascalientes",
        "organizations": [
            "government-of-aguascalientes",
            "jica",
            "nissan",
            "jatco",
            "tachi-s",
            "unipres",
            "calsonic-kansei",
            *(slug for slug, _name in SUPPLIERS),
        ],
        "people": ["tere-jimenez"],
        "places": ["aguascalientes", "japan", "hiroshima", "yokohama"],
        "events": ["automotive-industry-strengthening-program"],
        "tags": ["training", "supply-chains", "smes", "japanese-investment"],
        "related": [
            "aguascalientes-returns-from-japan-with-partner-in-nagoya",
            "jica-scheme-twenty-aguascalientes-firms",
            "why-japanese-suppliers-put-down-roots-in-aguascalientes",
        ],
        "headline": (
            "Twelve Aguascalientes suppliers complete training programme in Japan",
            "Zwölf Zulieferer aus Aguascalientes schließen Schulungsprogramm in Japan ab",
        ),
        "standfirst": (
            """The Automotive Industry Strengthening Program, backed by JICA, took local firms to Hiroshima and
            Yokohama from 1 to 16 February 2026.""",
            """Das von der JICA unterstützte Programm zur Stärkung der Automobilindustrie führte lokale Firmen vom
            1. bis 16. Februar 2026 nach Hiroshima und Yokohama.""",
        ),
        "body": (
            """<p>Twelve automotive suppliers from Aguascalientes spent the first half of February 2026 in Japan,
            learning how Japanese carmakers and their direct suppliers choose, audit and develop the companies they
            buy from.</p>
            <p>The Automotive Industry Strengthening Program ran from 1 to 16 February in Hiroshima and Yokohama.
            Governor Tere Jiménez announced it, and JICA, the Japan International Cooperation Agency, backed it.</p>
            <h2>The twelve firms</h2>
            <ul>
            <li>Instrumentos y Controles Programables</li><li>Newcond Castings</li><li>Quality BOLCA</li>
            <li>Hecort Industrial</li><li>Manufacturas Mecánicas IPM</li><li>Estaracks</li><li>Miraplastek</li>
            <li>SEINA</li><li>Acabados Metálicos Innovadores</li><li>Metalistik</li><li>Ditromexico</li>
            <li>Stamptek</li>
            </ul>
            <p>All twelve are small or medium-sized. For firms of that size the hardest step is often the first
            contract with a Japanese plant: the audits are long, and the standards for quality and delivery leave
            little room for error.</p>
            <p>The state has good reason to close that gap. Nissan, Jatco, Tachi-S, Unipres and Calsonic Kansei
            together employ more than 3,800 people in Aguascalientes, and every part they buy locally instead of
            importing it keeps work in the state.</p>""",
            """<p>Zwölf Automobilzulieferer aus Aguascalientes haben die erste Februarhälfte 2026 in Japan
            verbracht. Dort lernten sie, wie japanische Autohersteller und ihre direkten Zulieferer die Firmen
            auswählen, prüfen und weiterentwickeln, bei denen sie einkaufen.</p>
            <p>Das Programm zur Stärkung der Automobilindustrie lief vom 1. bis 16. Februar in Hiroshima und
            Yokohama. Angekündigt hatte es Gouverneurin Tere Jiménez, unterstützt wurde es von der JICA, der
            Japanischen Agentur für internationale Zusammenarbeit.</p>
            <h2>Die zwölf Firmen</h2>
            <ul>
            <li>Instrumentos y Controles Programables</li><li>Newcond Castings</li><li>Quality BOLCA</li>
            <li>Hecort Industrial</li><li>Manufacturas Mecánicas IPM</li><li>Estaracks</li><li>Miraplastek</li>
            <li>SEINA</li><li>Acabados Metálicos Innovadores</li><li>Metalistik</li><li>Ditromexico</li>
            <li>Stamptek</li>
            </ul>
            <p>Alle zwölf sind kleine oder mittlere Unternehmen. Für Firmen dieser Größe ist der erste Auftrag
            eines japanischen Werks oft der schwerste Schritt: Die Audits sind lang, und die Anforderungen an
            Qualität und Lieferung lassen wenig Spielraum für Fehler.</p>
            <p>Der Bundesstaat hat gute Gründe, diese Lücke zu schließen. Nissan, Jatco, Tachi-S, Unipres und
            Calsonic Kansei beschäftigen in Aguascalientes zusammen mehr als 3.800 Menschen, und jedes Teil, das sie
            vor Ort kaufen, statt es zu importieren, hält Arbeit im Bundesstaat.</p>""",
        ),
        "lead_image_caption": (
            "The training took the twelve suppliers to Hiroshima and Yokohama from 1 to 16 February 2026.",
            "Die Schulung führte die zwölf Zulieferer vom 1. bis 16. Februar 2026 nach Hiroshima und Yokohama.",
        ),
    },
    {
        "slug": "aguascalientes-returns-from-japan-with-partner-in-nagoya",
        "kind": "news",
        "section": "economy-policy",
        "published": -timedelta(days=3, hours=6),
        "is_featured": True,
        "authors": ["lucia-ramirez", "jonas-weber"],
        "dateline": "nagoya",
        "organizations": [
            "government-of-aguascalientes",
            "sedecyt-aguascalientes",
            "nagoya-chamber-of-commerce-and-industry",
            "jica",
        ],
        "people": ["tere-jimenez", "esau-garza-de-vega"],
        "places": ["aguascalientes", "japan", "nagoya"],
        "events": ["aguascalientes-trade-trip-to-japan"],
        "tags": ["japanese-investment", "jobs", "smes", "supply-chains"],
        "related": [
            "second-japan-trip-turning-point-for-small-suppliers",
            "jica-scheme-twenty-aguascalientes-firms",
            "aguascalientes-suppliers-complete-training-in-japan",
        ],
        "headline": (
            "Aguascalientes comes home from Japan with eleven meetings and a partner in Nagoya",
            "Aguascalientes kehrt mit elf Arbeitstreffen und einem Partner in Nagoya aus Japan zurück",
        ),
        "standfirst": (
            """The state's second trade trip is expected to bring more than US$150 million of investment and more
            than 2,300 jobs.""",
            """Die zweite Wirtschaftsreise des Bundesstaates soll mehr als 150 Millionen US-Dollar an Investitionen
            und mehr als 2.300 Arbeitsplätze bringen.""",
        ),
        "body": (
            """<p>The government of Aguascalientes is back from its second trade trip to Japan with eleven work
            meetings behind it and a new alliance with the Nagoya Chamber of Commerce and Industry, which represents
            more than 17,000 member companies.</p>
            <p>Five of the meetings were with companies that already produce in Aguascalientes. The state expects
            the trip to bring more than US$150 million of investment and more than 2,300 jobs. For Governor Tere
            Jiménez and her Secretary of Economic Development, Esaú Garza de Vega, that confirms a strategy built on
            the investors the state already has.</p>
            <h2>A door for small firms</h2>
            <p>The most lasting result may be a scheme with JICA, the Japan International Cooperation Agency, to
            bring at least twenty small and medium-sized firms from Aguascalientes into the supply chains of
            Japanese companies. It builds on the training twelve local suppliers received in Hiroshima and Yokohama
            in February 2026.</p>
            <ul>
            <li>Eleven work meetings, five with companies already in the state</li>
            <li>More than US$150 million of expected investment</li>
            <li>More than 2,300 expected jobs</li>
            <li>An alliance with the Nagoya chamber and its more than 17,000 members</li>
            </ul>""",
            """<p>Die Regierung von Aguascalientes ist von ihrer zweiten Wirtschaftsreise nach Japan zurück – mit
            elf Arbeitstreffen und einer neuen Allianz mit der Industrie- und Handelskammer Nagoya, die mehr als
            17.000 Mitgliedsunternehmen vertritt.</p>
            <p>Fünf der Treffen fanden mit Unternehmen statt, die bereits in Aguascalientes produzieren. Der
            Bundesstaat erwartet von der Reise mehr als 150 Millionen US-Dollar an Investitionen und mehr als 2.300
            Arbeitsplätze. Für Gouverneurin Tere Jiménez und ihren Wirtschaftsminister Esaú Garza de Vega bestätigt
            das eine Strategie, die auf die Investoren setzt, die schon da sind.</p>
            <h2>Eine Tür für kleine Firmen</h2>
            <p>Das nachhaltigste Ergebnis könnte ein Programm mit der JICA sein, der Japanischen Agentur für
            internationale Zusammenarbeit: Es soll mindestens zwanzig kleine und mittlere Unternehmen aus
            Aguascalientes in die Lieferketten japanischer Firmen bringen. Es baut auf der Schulung auf, die zwölf
            lokale Zulieferer im Februar 2026 in Hiroshima und Yokohama erhielten.</p>
            <ul>
            <li>Elf Arbeitstreffen, fünf davon mit Unternehmen, die bereits im Bundesstaat sind</li>
            <li>Mehr als 150 Millionen US-Dollar an erwarteten Investitionen</li>
            <li>Mehr als 2.300 erwartete Arbeitsplätze</li>
            <li>Eine Allianz mit der Kammer in Nagoya und ihren mehr als 17.000 Mitgliedern</li>
            </ul>""",
        ),
        "lead_image_caption": (
            "The alliance with the Nagoya chamber opens contacts with more than 17,000 companies.",
            "Die Allianz mit der Kammer in Nagoya öffnet Kontakte zu mehr als 17.000 Unternehmen.",
        ),
    },
    {
        "slug": "bajio-states-pool-68-aerospace-companies",
        "kind": "news",
        "section": "aerospace",
        "published": -timedelta(days=4, hours=2),
        "authors": ["jonas-weber"],
        "dateline": "queretaro",
        "organizations": ["bajio-alliance", "defense-and-aeronautics-aerospace-cluster", "queretaro-aerocluster"],
        "people": ["antonio-velazquez-solis"],
        "places": BAJIO_STATES,
        "tags": ["industrial-clusters", "supply-chains"],
        "related": ["what-a-five-state-aerospace-cluster-can-do"],
        "headline": (
            "Five Bajío states pool 68 aerospace companies in a joint cluster",
            "Fünf Bajío-Staaten bündeln 68 Luftfahrtunternehmen in einem gemeinsamen Cluster",
        ),
        "standfirst": (
            """The Bajío Alliance has set up the Defense and Aeronautics Aerospace Cluster, so that buyers and
            investors can see the region and its 68 aerospace companies as one.""",
            """Die Bajío-Allianz hat den Luft- und Raumfahrtcluster für Verteidigung und Luftfahrt gegründet, damit
            Kunden und Investoren die Region als Ganzes wahrnehmen.""",
        ),
        "body": (
            """<p>Guanajuato, Jalisco, Aguascalientes, San Luis Potosí and Querétaro, the five states of the Bajío
            Alliance, have set up a joint aerospace cluster. The Defense and Aeronautics Aerospace Cluster brings
            together 68 aerospace companies from the five states.</p>
            <p>Querétaro, whose own Aerocluster is led by Director Antonio Velázquez Solís, brings the largest
            aerospace base to the group. Most suppliers in the other four states work for the car industry today,
            and some of them could qualify for aircraft work.</p>
            <h2>What a joint cluster offers</h2>
            <ul>
            <li>One address for aircraft makers looking at the region</li>
            <li>A path for car-industry suppliers towards aerospace certification</li>
            <li>Training and testing facilities shared across state lines</li>
            </ul>""",
            """<p>Guanajuato, Jalisco, Aguascalientes, San Luis Potosí und Querétaro, die fünf Bundesstaaten der
            Bajío-Allianz, haben einen gemeinsamen Luft- und Raumfahrtcluster gegründet. Der Luft- und
            Raumfahrtcluster für Verteidigung und Luftfahrt vereint 68 Unternehmen der Branche aus den fünf
            Bundesstaaten.</p>
            <p>Querétaro, dessen eigener Luftfahrtcluster von Direktor Antonio Velázquez Solís geleitet wird,
            bringt die größte Luftfahrtbasis in die Gruppe ein. Die meisten Zulieferer in den anderen vier Staaten
            arbeiten heute für die Autoindustrie; einige von ihnen könnten sich für Aufträge aus dem Flugzeugbau
            qualifizieren.</p>
            <h2>Was ein gemeinsamer Cluster bietet</h2>
            <ul>
            <li>Eine Adresse für Flugzeughersteller, die sich die Region ansehen</li>
            <li>Einen Weg für Autozulieferer zur Luftfahrtzertifizierung</li>
            <li>Schulungs- und Prüfeinrichtungen, die über Landesgrenzen hinweg geteilt werden</li>
            </ul>""",
        ),
        "lead_image_caption": (
            "The new cluster unites 68 aerospace companies from five states.",
            "Der neue Cluster vereint 68 Luftfahrtunternehmen aus fünf Bundesstaaten.",
        ),
    },
    {
        "slug": "carmen-hernandez-jalisco-automotive-cluster",
        "kind": "interview",
        "section": "automotive",
        "series": "view-from-the-top",
        "published": -timedelta(days=5, hours=1),
        "authors": ["lucia-ramirez"],
        "dateline": "jalisco",
        "interviewee": "carmen-hernandez",
        "exchanges": CARMEN_HERNANDEZ_INTERVIEW,
        "organizations": [
            "jalisco-automotive-cluster",
            "mexican-automotive-cluster-network",
            "sedeco-jalisco",
            "coahuila-automotive-cluster",
        ],
        "people": ["carmen-hernandez"],
        "places": ["jalisco", "coahuila"],
        "events": ["jalisco-supplier-development-programme-kick-off"],
        "tags": ["industrial-clusters", "usmca", "rules-of-origin", "supply-chains"],
        "related": [
            "jalisco-cluster-opens-supplier-programme-with-rules-of-origin",
            "bajio-states-pool-68-aerospace-companies",
        ],
        "headline": (
            "Carmen Hernández: building Jalisco's supplier base one contract at a time",
            "Carmen Hernández: Jaliscos Zulieferbasis wächst Auftrag für Auftrag",
        ),
        "standfirst": (
            """The Director General of the Jalisco Automotive Cluster on 24 member companies, a supplier programme
            with the state and why the USMCA's rules of origin came first.""",
            """Die Generaldirektorin des Automobilclusters Jalisco über 24 Mitgliedsunternehmen, ein
            Zulieferprogramm mit dem Bundesstaat und warum die Ursprungsregeln des USMCA an erster Stelle
            standen.""",
        ),
        "body": (
            """<p>The Jalisco Automotive Cluster was founded in 2017 and now counts 24 member companies, nine more
            than a year earlier. It belongs to the Mexican Automotive Cluster Network, which links ten regional
            clusters, and works closely with SEDECO, Jalisco's economic development ministry.</p>
            <p>We spoke to its Director General, Carmen Hernández, about the cluster's first supplier development
            programme and why it began with the rules of origin in the USMCA.</p>""",
            """<p>Der Automobilcluster Jalisco wurde 2017 gegründet und zählt heute 24 Mitgliedsunternehmen, neun
            mehr als ein Jahr zuvor. Er gehört zum Netzwerk der mexikanischen Automobilcluster, das zehn regionale
            Cluster verbindet, und arbeitet eng mit SEDECO zusammen, dem Wirtschaftsministerium von Jalisco.</p>
            <p>Wir haben mit Generaldirektorin Carmen Hernández über das erste Programm zur Zuliefererentwicklung
            des Clusters gesprochen – und darüber, warum es mit den Ursprungsregeln des USMCA begann.</p>""",
        ),
        "lead_image_caption": (
            "Carmen Hernández leads the Jalisco Automotive Cluster, founded in 2017.",
            "Carmen Hernández leitet den 2017 gegründeten Automobilcluster Jalisco.",
        ),
    },
    {
        "slug": "toyota-invests-912-million-in-us-hybrid-production",
        "kind": "news",
        "section": "energy",
        "published": -timedelta(days=6, hours=5),
        "authors": ["katrin-vogel"],
        "dateline": "united-states",
        "organizations": ["toyota"],
        "people": ["akio-toyoda"],
        "places": ["united-states", "japan"],
        "tags": ["hybrid-vehicles", "usmca"],
        "related": ["hybrids-toyota-us-plans-mexico-suppliers"],
        "headline": (
            "Toyota to invest US$912 million in hybrid production at five US plants",
            "Toyota investiert 912 Millionen US-Dollar in die Hybridproduktion an fünf US-Werken",
        ),
        "standfirst": (
            """The plan under chairman Akio Toyoda treats hybrids as the bridge between the combustion engine and
            the fully electric car.""",
            """Der Plan unter Verwaltungsratschef Akio Toyoda setzt auf Hybride als Brücke zwischen
            Verbrennungsmotor und reinem Elektroauto.""",
        ),
        "body": (
            """<p>Toyota plans to spend US$912 million on expanding hybrid production at five of its plants in the
            United States. The carmaker, chaired by Akio Toyoda, has long argued that hybrids are the most practical
            way to cut emissions while charging networks and battery supply are still growing.</p>
            <p>The money is spread across five plants rather than put into one new factory, which suggests that
            Toyota wants to add hybrid capacity to lines that already build engines and vehicles.</p>
            <h2>Why suppliers in Mexico should pay attention</h2>
            <p>Hybrids need both kinds of parts: those for combustion engines and transmissions, and electric
            motors, power electronics and batteries. Under the USMCA, parts made in Mexico count towards the
            regional content that vehicles built in the United States need.</p>""",
            """<p>Toyota will 912 Millionen US-Dollar ausgeben, um die Hybridproduktion an fünf seiner Werke in den
            Vereinigten Staaten auszubauen. Der Autohersteller unter Verwaltungsratschef Akio Toyoda vertritt seit
            Langem die Ansicht, dass Hybride der praktischste Weg sind, Emissionen zu senken, solange Ladenetze und
            Batterieversorgung noch wachsen.</p>
            <p>Das Geld verteilt sich auf fünf Werke, statt in eine neue Fabrik zu fließen. Das spricht dafür, dass
            Toyota Hybridkapazität an Linien aufbauen will, die bereits Motoren und Fahrzeuge fertigen.</p>
            <h2>Warum Zulieferer in Mexiko genau hinsehen sollten</h2>
            <p>Hybride brauchen beide Arten von Teilen: solche für Verbrennungsmotor und Getriebe und dazu
            Elektromotoren, Leistungselektronik und Batterien. Nach dem USMCA zählen in Mexiko gefertigte Teile zum
            regionalen Wertschöpfungsanteil, den in den Vereinigten Staaten gebaute Fahrzeuge brauchen.</p>""",
        ),
        "lead_image_caption": (
            "Toyota is expanding hybrid production at five plants in the United States.",
            "Toyota baut die Hybridproduktion an fünf Werken in den Vereinigten Staaten aus.",
        ),
    },
    {
        "slug": "second-japan-trip-turning-point-for-small-suppliers",
        "kind": "analysis",
        "section": "economy-policy",
        "original_language": "de",
        "published": -timedelta(days=7, hours=4),
        "authors": ["katrin-vogel"],
        "dateline": "aguascalientes",
        "organizations": ["government-of-aguascalientes", "jica", "nagoya-chamber-of-commerce-and-industry"],
        "people": ["tere-jimenez"],
        "places": ["aguascalientes", "japan"],
        "events": ["aguascalientes-trade-trip-to-japan", "automotive-industry-strengthening-program"],
        "tags": ["smes", "supply-chains", "japanese-investment"],
        "related": ["aguascalientes-returns-from-japan-with-partner-in-nagoya"],
        "headline": (
            "Why the second trip to Japan could become a turning point for the small suppliers of Aguascalientes",
            "Warum die zweite Japanreise für die kleinen Zulieferer in Aguascalientes zum Wendepunkt werden könnte",
        ),
        "standfirst": (
            """Big investment pledges make the headlines. A quiet JICA scheme for at least twenty local firms may
            matter more.""",
            """Große Investitionszusagen machen Schlagzeilen. Wichtiger könnte ein unscheinbares Programm der JICA
            für mindestens zwanzig lokale Firmen sein.""",
        ),
        "body": (
            """<p>More than US$150 million of expected investment and more than 2,300 jobs: the figures from
            Aguascalientes' second trade trip to Japan are impressive. For the shape of the local economy, though,
            another result may count for more.</p>
            <h2>From location to supplier</h2>
            <p>So far Aguascalientes has gained mainly as a location: Japanese manufacturers build plants, hire
            people and source many of their parts from elsewhere. The scheme agreed with JICA aims to bring at least
            twenty small and medium-sized firms from the state into Japanese supply chains. If it succeeds, more of
            the value stays in the state.</p>
            <p>The conditions are better than a year ago. Twelve suppliers learned in Hiroshima and Yokohama in
            February 2026 how Japanese buyers work, and the new alliance with the Nagoya Chamber of Commerce and
            Industry opens the way to more than 17,000 member companies.</p>
            <h2>What is still missing</h2>
            <p>Training and agreements do not replace orders. Small firms need capital for machines and
            certifications before they win their first contract. Whether the state government helps to finance
            that will decide whether the trip becomes a turning point.</p>""",
            """<p>Mehr als 150 Millionen US-Dollar an erwarteten Investitionen und mehr als 2.300 Arbeitsplätze: Die
            Zahlen der zweiten Wirtschaftsreise von Aguascalientes nach Japan sind beachtlich. Für die Struktur der
            lokalen Wirtschaft könnte aber ein anderes Ergebnis wichtiger sein.</p>
            <h2>Vom Standort zum Lieferanten</h2>
            <p>Bisher profitiert Aguascalientes vor allem als Standort: Japanische Hersteller bauen Werke, stellen
            Menschen ein und beziehen viele ihrer Teile von anderswo. Das mit der JICA vereinbarte Programm soll
            mindestens zwanzig kleine und mittlere Unternehmen aus dem Bundesstaat in japanische Lieferketten
            bringen. Gelingt das, bleibt mehr von der Wertschöpfung vor Ort.</p>
            <p>Die Voraussetzungen sind besser als noch vor einem Jahr. Zwölf Zulieferer haben im Februar 2026 in
            Hiroshima und Yokohama gelernt, wie japanische Einkäufer arbeiten, und die neue Allianz mit der
            Industrie- und Handelskammer Nagoya öffnet den Zugang zu mehr als 17.000 Mitgliedsunternehmen.</p>
            <h2>Was noch fehlt</h2>
            <p>Schulungen und Abkommen ersetzen keine Aufträge. Kleine Firmen brauchen Kapital für Maschinen und
            Zertifizierungen, bevor sie den ersten Auftrag bekommen. Ob die Landesregierung hilft, das zu
            finanzieren, wird darüber entscheiden, ob aus der Reise ein Wendepunkt wird.</p>""",
        ),
        "lead_image_caption": (
            "Twelve suppliers from Aguascalientes trained in Japan in February 2026.",
            "Zwölf Zulieferer aus Aguascalientes wurden im Februar 2026 in Japan geschult.",
        ),
    },
    {
        "slug": "hybrids-toyota-us-plans-mexico-suppliers",
        "kind": "analysis",
        "section": "energy",
        "original_language": "de",
        "published": -timedelta(days=8, hours=2),
        "authors": ["katrin-vogel"],
        "dateline": "mexico-city",
        "organizations": ["toyota", "tachi-s", "jatco"],
        "people": ["akio-toyoda"],
        "places": ["mexico", "united-states", "aguascalientes"],
        "tags": ["hybrid-vehicles", "usmca", "rules-of-origin", "supply-chains"],
        "related": [
            "toyota-invests-912-million-in-us-hybrid-production",
            "why-japanese-suppliers-put-down-roots-in-aguascalientes",
        ],
        "headline": (
            "Hybrids instead of either-or: what Toyota's US plans mean for Mexico's suppliers",
            "Hybride statt Entweder-oder: Was Toyotas US-Pläne für Mexikos Zulieferer bedeuten",
        ),
        "standfirst": (
            """US$912 million for hybrids at five US plants: for suppliers in the Bajío that is more opportunity
            than threat.""",
            """912 Millionen US-Dollar für Hybride an fünf US-Werken: Für Zulieferer im Bajío ist das eher eine
            Chance als eine Bedrohung.""",
        ),
        "body": (
            """<p>When Mexico talks about electric mobility, the debate is often either-or: either the plants stay
            with the combustion engine, or they switch to batteries. Toyota's decision to put US$912 million into
            hybrid production at five US plants shows a third way.</p>
            <h2>Two drives, twice the demand</h2>
            <p>A hybrid needs an engine, a transmission and an exhaust system, and on top of that an electric motor,
            power electronics and a battery. For suppliers that make parts for combustion engines today, the market
            does not disappear overnight. At the same time there is demand for components that many of them do not
            make yet.</p>
            <h2>The rules of origin help</h2>
            <p>Because vehicles from US plants need a high share of regional value content under the USMCA, parts
            from Mexico count. That favours suppliers in the Bajío that already work for Japanese manufacturers, in
            Aguascalientes for example.</p>
            <blockquote><p>The hybrid is not a detour but a bridge, on which suppliers can learn new parts without
            giving up the old ones.</p></blockquote>""",
            """<p>Wenn in Mexiko über Elektromobilität gesprochen wird, geht es oft um ein Entweder-oder: Entweder
            bleiben die Werke beim Verbrennungsmotor, oder sie stellen auf Batterien um. Toyotas Entscheidung, 912
            Millionen US-Dollar in die Hybridproduktion an fünf US-Werken zu stecken, zeigt einen dritten Weg.</p>
            <h2>Zwei Antriebe, doppelte Nachfrage</h2>
            <p>Ein Hybridfahrzeug braucht Motor, Getriebe und Abgasanlage – und zusätzlich Elektromotor,
            Leistungselektronik und Batterie. Für Zulieferer, die heute Teile für Verbrenner liefern, verschwindet
            der Markt also nicht über Nacht. Gleichzeitig entsteht Nachfrage nach Komponenten, die viele von ihnen
            noch nicht herstellen.</p>
            <h2>Die Ursprungsregeln helfen</h2>
            <p>Weil Fahrzeuge aus US-Werken nach dem USMCA einen hohen regionalen Wertschöpfungsanteil brauchen,
            zählen Teile aus Mexiko mit. Das spricht für Zulieferer im Bajío, die bereits für japanische Hersteller
            arbeiten, etwa in Aguascalientes.</p>
            <blockquote><p>Der Hybrid ist kein Umweg, sondern eine Brücke, auf der Zulieferer neue Teile lernen
            können, ohne die alten aufzugeben.</p></blockquote>""",
        ),
        "lead_image_caption": (
            "Hybrids need parts for combustion and electric drive at once.",
            "Hybride brauchen Teile für Verbrennungs- und Elektroantrieb zugleich.",
        ),
    },
    {
        "slug": "why-japanese-suppliers-put-down-roots-in-aguascalientes",
        "kind": "analysis",
        "section": "automotive",
        "published": -timedelta(days=9, hours=3),
        "authors": ["jonas-weber"],
        "dateline": "aguascalientes",
        "organizations": ["nissan", "jatco", "tachi-s", "unipres", "calsonic-kansei", "government-of-aguascalientes"],
        "places": ["aguascalientes", "japan"],
        "events": ["aguascalientes-trade-trip-to-japan"],
        "tags": ["japanese-investment", "jobs", "supply-chains"],
        "related": [
            "tachi-s-creates-700-jobs-in-aguascalientes",
            "aguascalientes-returns-from-japan-with-partner-in-nagoya",
        ],
        "headline": (
            "Why Japanese suppliers keep putting down roots in Aguascalientes",
            "Warum japanische Zulieferer in Aguascalientes Wurzeln schlagen",
        ),
        "standfirst": (
            """Five Japanese manufacturers employ more than 3,800 people in the state. The reasons they stay say a
            lot about how the Bajío competes for investment.""",
            """Fünf japanische Hersteller beschäftigen im Bundesstaat mehr als 3.800 Menschen. Die Gründe, warum
            sie bleiben, sagen viel darüber, wie der Bajío um Investitionen wirbt.""",
        ),
        "body": (
            """<p>Nissan came first; its suppliers followed. Today Nissan, Jatco, Tachi-S, Unipres and Calsonic
            Kansei together employ more than 3,800 people in Aguascalientes, a small state that has built much of
            its industry around Japanese car production.</p>
            <h2>Staying power</h2>
            <p>Tachi-S, the seat maker, has been in the state for more than 28 years and created 700 jobs in a
            single year. Growth of that kind rarely comes from a newcomer. It comes from companies that already know
            the workforce, the authorities and the local suppliers, and that find it cheaper to grow where they are
            than to start again elsewhere.</p>
            <p>The state government has built its strategy on that. Five of the eleven work meetings on its second
            trade trip to Japan were with companies already producing in Aguascalientes.</p>
            <blockquote><p>Keeping an investor costs less than winning a new one, and in Aguascalientes the
            investors that stayed are the ones that grew.</p></blockquote>
            <h2>The weak link</h2>
            <p>What the state still lacks is a broad base of local firms that sell to these plants directly. The
            training of twelve Aguascalientes suppliers in Hiroshima and Yokohama in February 2026 and a JICA scheme
            for at least twenty small and medium-sized firms both aim at that gap. Whether they close it will show in
            purchase orders, not in agreements.</p>""",
            """<p>Zuerst kam Nissan, dann folgten die Zulieferer. Heute beschäftigen Nissan, Jatco, Tachi-S, Unipres
            und Calsonic Kansei zusammen mehr als 3.800 Menschen in Aguascalientes, einem kleinen Bundesstaat, der
            einen großen Teil seiner Industrie um die japanische Autoproduktion herum aufgebaut hat.</p>
            <h2>Langer Atem</h2>
            <p>Der Sitzhersteller Tachi-S ist seit mehr als 28 Jahren im Bundesstaat und hat in einem einzigen Jahr
            700 Arbeitsplätze geschaffen. Solches Wachstum kommt selten von Neuankömmlingen. Es kommt von
            Unternehmen, die Arbeitskräfte, Behörden und lokale Zulieferer schon kennen und für die es billiger ist,
            vor Ort zu wachsen, als anderswo neu anzufangen.</p>
            <p>Darauf hat die Landesregierung ihre Strategie gebaut. Fünf der elf Arbeitstreffen ihrer zweiten
            Wirtschaftsreise nach Japan fanden mit Unternehmen statt, die bereits in Aguascalientes produzieren.</p>
            <blockquote><p>Einen Investor zu halten, kostet weniger, als einen neuen zu gewinnen – und in
            Aguascalientes sind die Investoren, die geblieben sind, auch die, die gewachsen sind.</p></blockquote>
            <h2>Das schwache Glied</h2>
            <p>Was dem Bundesstaat noch fehlt, ist eine breite Basis lokaler Firmen, die direkt an diese Werke
            liefern. Die Schulung von zwölf Zulieferern aus Aguascalientes in Hiroshima und Yokohama im Februar 2026
            und ein Programm der JICA für mindestens zwanzig kleine und mittlere Unternehmen zielen beide auf diese
            Lücke. Ob sie sie schließen, wird sich an Bestellungen zeigen, nicht an Abkommen.</p>""",
        ),
        "lead_image_caption": (
            "Japanese manufacturers employ more than 3,800 people in Aguascalientes.",
            "Japanische Hersteller beschäftigen in Aguascalientes mehr als 3.800 Menschen.",
        ),
    },
    {
        "slug": "jica-scheme-twenty-aguascalientes-firms",
        "kind": "brief",
        "section": "economy-policy",
        "published": -timedelta(days=10, hours=5),
        "authors": ["daniel-fuentes"],
        "is_reported_by_ai": True,
        "lead_image_origin": "generated_by_ai",
        "fact_checked_by": "mariana-ortega",
        "dateline": "aguascalientes",
        "organizations": ["jica", "government-of-aguascalientes", "nagoya-chamber-of-commerce-and-industry"],
        "places": ["aguascalientes", "japan"],
        "events": ["aguascalientes-trade-trip-to-japan"],
        "tags": ["smes", "supply-chains", "japanese-investment"],
        "related": ["aguascalientes-returns-from-japan-with-partner-in-nagoya"],
        "headline": (
            "JICA scheme aims to bring twenty Aguascalientes firms into Japanese supply chains",
            "JICA-Programm soll zwanzig Firmen aus Aguascalientes in japanische Lieferketten bringen",
        ),
        "standfirst": (
            """The programme, agreed during the state's second trade trip to Japan, is aimed at small and
            medium-sized firms.""",
            """Das Programm, vereinbart während der zweiten Wirtschaftsreise des Bundesstaates nach Japan, richtet
            sich an kleine und mittlere Unternehmen.""",
        ),
        "body": (
            """<p>JICA, the Japan International Cooperation Agency, and the government of Aguascalientes have agreed
            a scheme to bring at least twenty small and medium-sized firms from the state into the supply chains of
            Japanese companies.</p>
            <p>The scheme came out of the state's second trade trip to Japan, which also produced an alliance with
            the Nagoya Chamber of Commerce and Industry.</p>
            <p><em>This brief was written with the help of an AI system and checked by our fact-checking editor
            before publication. Its image was generated with AI.</em></p>""",
            """<p>Die JICA, die Japanische Agentur für internationale Zusammenarbeit, und die Regierung von
            Aguascalientes haben ein Programm vereinbart, das mindestens zwanzig kleine und mittlere Unternehmen aus
            dem Bundesstaat in die Lieferketten japanischer Firmen bringen soll.</p>
            <p>Das Programm ist ein Ergebnis der zweiten Wirtschaftsreise des Bundesstaates nach Japan, bei der auch
            eine Allianz mit der Industrie- und Handelskammer Nagoya zustande kam.</p>
            <p><em>Diese Kurzmeldung wurde mit Hilfe eines KI-Systems geschrieben und vor der Veröffentlichung von
            unserer Redakteurin für Faktenprüfung geprüft. Das Bild wurde mit KI erzeugt.</em></p>""",
        ),
        "lead_image_caption": ("This image was generated with AI.", "Dieses Bild wurde mit KI erzeugt."),
    },
    {
        "slug": "tachi-s-creates-700-jobs-in-aguascalientes",
        "kind": "brief",
        "section": "automotive",
        "original_language": "de",
        "published": -timedelta(days=11, hours=2),
        "authors": ["katrin-vogel"],
        "dateline": "aguascalientes",
        "organizations": ["tachi-s", "nissan", "jatco", "unipres", "calsonic-kansei"],
        "places": ["aguascalientes"],
        "tags": ["jobs", "japanese-investment"],
        "related": ["why-japanese-suppliers-put-down-roots-in-aguascalientes"],
        "headline": (
            "Tachi-S creates 700 jobs in Aguascalientes",
            "Tachi-S schafft 700 neue Arbeitsplätze in Aguascalientes",
        ),
        "standfirst": (
            "The Japanese seat maker has been in the state for more than 28 years and is still growing.",
            "Der japanische Sitzhersteller ist seit mehr als 28 Jahren im Bundesstaat und wächst weiter.",
        ),
        "body": (
            """<p>Tachi-S, the Japanese maker of car seats, has created 700 jobs in Aguascalientes within a year.
            The company has been producing in the state for more than 28 years.</p>
            <p>Tachi-S is one of five Japanese manufacturers, with Nissan, Jatco, Unipres and Calsonic Kansei, that
            together employ more than 3,800 people in Aguascalientes.</p>""",
            """<p>Der japanische Autositzhersteller Tachi-S hat in Aguascalientes innerhalb eines Jahres 700 neue
            Arbeitsplätze geschaffen. Das Unternehmen produziert seit mehr als 28 Jahren im Bundesstaat.</p>
            <p>Tachi-S gehört zu den fünf japanischen Herstellern – neben Nissan, Jatco, Unipres und Calsonic
            Kansei –, die in Aguascalientes zusammen mehr als 3.800 Menschen beschäftigen.</p>""",
        ),
        "lead_image_caption": (
            "Tachi-S has made car seats in Aguascalientes for more than 28 years.",
            "Tachi-S fertigt seit mehr als 28 Jahren Autositze in Aguascalientes.",
        ),
    },
    {
        "slug": "aguascalientes-postpones-automotive-agenda-forum",
        "kind": "news",
        "section": "economy-policy",
        "published": -timedelta(days=12, hours=6),
        "authors": ["lucia-ramirez"],
        "dateline": "aguascalientes",
        "organizations": [
            "government-of-aguascalientes",
            "sedecyt-aguascalientes",
            "aguascalientes-education-institute",
        ],
        "people": ["esau-garza-de-vega", "raul-silva-perezchica"],
        "places": ["aguascalientes"],
        "events": ["automotive-strategic-agenda-forum"],
        "tags": ["training"],
        "related": ["aguascalientes-suppliers-complete-training-in-japan"],
        "headline": ("Aguascalientes postpones its forum on the automotive sector's strategic agenda", ""),
        "standfirst": (
            "The forum had been planned for 3 December 2026. The state government has not yet given a new date.",
            "",
        ),
        "body": (
            """<p>The government of Aguascalientes has postponed the Forum for the Presentation of the Strategic
            Agenda of the Automotive Sector, which had been planned for 3 December 2026. A new date has not been
            announced.</p>
            <p>The forum is organised by the Secretariat of Economic Development, Science and Technology under
            Esaú Garza de Vega. The training of technicians is one of the agenda's themes, and the Aguascalientes
            Education Institute, led by General Director Raúl Silva Perezchica, is among the bodies taking
            part.</p>""",
            "",
        ),
        "lead_image_caption": ("The forum had been planned for 3 December 2026.", ""),
    },
    {
        "slug": "what-a-five-state-aerospace-cluster-can-do",
        "kind": "analysis",
        "section": "aerospace",
        "published": -timedelta(days=13, hours=4),
        "authors": ["lucia-ramirez"],
        "dateline": "queretaro",
        "organizations": [
            "defense-and-aeronautics-aerospace-cluster",
            "bajio-alliance",
            "queretaro-aerocluster",
            "famex",
        ],
        "people": ["antonio-bravo-alvarez", "antonio-velazquez-solis"],
        "places": BAJIO_STATES,
        "tags": ["industrial-clusters"],
        "related": ["bajio-states-pool-68-aerospace-companies"],
        "headline": (
            "What a five-state aerospace cluster can do, and what it cannot",
            "Was ein Luftfahrtcluster aus fünf Bundesstaaten leisten kann – und was nicht",
        ),
        "standfirst": (
            """Pooling 68 companies makes the Bajío easier to find. Winning aircraft programmes still depends on
            each supplier's certifications.""",
            """Mit 68 gebündelten Unternehmen ist der Bajío leichter zu finden. Ob er Flugzeugprogramme gewinnt,
            hängt aber weiter von den Zertifizierungen jedes einzelnen Zulieferers ab.""",
        ),
        "body": (
            """<p>On paper, the Defense and Aeronautics Aerospace Cluster turns five state industries into one. The
            Bajío Alliance counts 68 aerospace companies across Guanajuato, Jalisco, Aguascalientes, San Luis Potosí
            and Querétaro, a number that carries more weight with a buyer than any of the states could on its
            own.</p>
            <h2>What pooling helps with</h2>
            <p>A buyer looking for a new source of parts wants depth: several qualified companies in one region, so
            that a single failure does not stop a production line. A joint cluster can show that depth, and trade
            fairs such as FAMEX, the Mexican Aerospace Fair led by Executive Director Antonio Bravo Álvarez, are
            where it can be shown.</p>
            <h2>What it does not change</h2>
            <p>Aircraft programmes are awarded to companies, not to regions. Each supplier still needs its own
            quality certifications and a record of delivering on time, and that takes years. The Querétaro
            Aerocluster, led by Antonio Velázquez Solís, has had a long head start; the other four states are at an
            earlier stage.</p>
            <blockquote><p>A cluster can open the door. Only the supplier can walk through it.</p></blockquote>""",
            """<p>Auf dem Papier macht der Luft- und Raumfahrtcluster für Verteidigung und Luftfahrt aus fünf
            Industrien eine. Die Bajío-Allianz zählt 68 Luftfahrtunternehmen in Guanajuato, Jalisco, Aguascalientes,
            San Luis Potosí und Querétaro – eine Zahl, die bei Kunden mehr Gewicht hat, als es jeder Bundesstaat
            allein hätte.</p>
            <h2>Wobei die Bündelung hilft</h2>
            <p>Ein Kunde, der eine neue Bezugsquelle für Teile sucht, will Tiefe sehen: mehrere qualifizierte
            Unternehmen in einer Region, damit ein einzelner Ausfall keine Produktionslinie stoppt. Ein gemeinsamer
            Cluster kann diese Tiefe zeigen, und Messen wie die FAMEX, die Mexikanische Luft- und Raumfahrtmesse
            unter dem geschäftsführenden Direktor Antonio Bravo Álvarez, sind der Ort dafür.</p>
            <h2>Was sie nicht ändert</h2>
            <p>Flugzeugprogramme werden an Unternehmen vergeben, nicht an Regionen. Jeder Zulieferer braucht
            weiterhin eigene Qualitätszertifizierungen und den Nachweis pünktlicher Lieferungen, und das dauert
            Jahre. Der Luftfahrtcluster Querétaro unter Antonio Velázquez Solís hat einen langen Vorsprung; die
            anderen vier Bundesstaaten stehen noch am Anfang.</p>
            <blockquote><p>Ein Cluster kann die Tür öffnen. Hindurchgehen muss der Zulieferer
            selbst.</p></blockquote>""",
        ),
        "lead_image_caption": (
            "The Bajío Alliance counts 68 aerospace companies in five states.",
            "Die Bajío-Allianz zählt 68 Luftfahrtunternehmen in fünf Bundesstaaten.",
        ),
    },
    {
        "slug": "jalisco-cluster-opens-supplier-programme-with-rules-of-origin",
        "kind": "news",
        "section": "automotive",
        "published": -timedelta(days=17, hours=3),
        "authors": ["lucia-ramirez"],
        "dateline": "jalisco",
        "organizations": ["jalisco-automotive-cluster", "sedeco-jalisco", "government-of-jalisco"],
        "people": ["carmen-hernandez"],
        "places": ["jalisco"],
        "events": ["jalisco-supplier-development-programme-kick-off"],
        "tags": ["usmca", "rules-of-origin", "industrial-clusters"],
        "related": ["carmen-hernandez-jalisco-automotive-cluster"],
        "headline": ("Jalisco cluster opened its supplier programme with a lesson on rules of origin", ""),
        "standfirst": (
            """The Jalisco Automotive Cluster and the state government began their first supplier development
            programme with webinars on the USMCA's regional value content.""",
            "",
        ),
        "body": (
            """<p>The Jalisco Automotive Cluster's first supplier development programme, run together with the state
            government and SEDECO, Jalisco's economic development ministry, began in January 2021.</p>
            <p>Its first sessions were webinars on the rules of origin in the USMCA, the trade agreement between
            Mexico, the United States and Canada. They explained how regional value content is calculated and why it
            matters to local firms: the more of a vehicle's value comes from North America, the easier it is for a
            carmaker to ship it across the border without tariffs.</p>
            <h2>Who it is for</h2>
            <p>The programme is aimed at Jalisco companies that want to become suppliers to the car plants in the
            region, or to sell to them directly. The cluster, founded in 2017, has 24 member companies.</p>""",
            "",
        ),
        "lead_image_caption": ("The programme began in January 2021 with webinars on regional value content.", ""),
    },
    {
        "slug": "interurban-train-in-four-numbers",
        "kind": "brief",
        "section": "infrastructure",
        "published": -timedelta(days=24, hours=5),
        "authors": ["daniel-fuentes"],
        "dateline": "toluca",
        "organizations": ["government-of-mexico"],
        "places": ["toluca", "mexico-city"],
        "events": ["el-insurgente-last-stage-inauguration"],
        "tags": ["rail"],
        "related": ["el-insurgente-runs-full-length-toluca-mexico-city"],
        "headline": ("The Interurban Train in four numbers", ""),
        "standfirst": ("Length, stations, passengers and opening day of El Insurgente at a glance.", ""),
        "body": (
            """<ul>
            <li><strong>57.7 km</strong> of line between Toluca and Mexico City</li>
            <li><strong>7</strong> stations</li>
            <li><strong>More than 230,000</strong> passengers expected a day</li>
            <li><strong>2 February 2026</strong>: the last stage opens</li>
            </ul>""",
            "",
        ),
        "lead_image_caption": ("El Insurgente links Toluca and Mexico City.", ""),
    },
    {
        "slug": "what-to-watch-aguascalientes-automotive-agenda",
        "kind": "analysis",
        "section": "economy-policy",
        "published": timedelta(days=3, hours=2),
        "authors": ["jonas-weber"],
        "dateline": "aguascalientes",
        "organizations": ["government-of-aguascalientes", "sedecyt-aguascalientes", "jica"],
        "people": ["esau-garza-de-vega"],
        "places": ["aguascalientes"],
        "events": ["automotive-strategic-agenda-forum"],
        "tags": ["smes", "training", "japanese-investment"],
        "related": ["aguascalientes-postpones-automotive-agenda-forum"],
        "headline": (
            "What to watch for when Aguascalientes presents its automotive agenda",
            "Worauf es ankommt, wenn Aguascalientes seine Automobil-Agenda vorstellt",
        ),
        "standfirst": (
            """Suppliers, skills and Japanese investment: three questions the postponed forum will have to
            answer.""",
            """Zulieferer, Fachkräfte und japanische Investitionen: drei Fragen, die das verschobene Forum
            beantworten muss.""",
        ),
        "body": (
            """<h2>Local suppliers</h2>
            <p>Will the agenda put money behind the JICA scheme for at least twenty small and medium-sized firms, or
            only goodwill?</p>
            <h2>Skills</h2>
            <p>Plants that grow by hundreds of jobs a year need technicians. The agenda should say who trains them,
            and how fast.</p>
            <h2>Investment</h2>
            <p>The second trade trip to Japan is expected to bring more than US$150 million. The agenda should show
            how the state will follow up each of the eleven meetings.</p>""",
            """<h2>Lokale Zulieferer</h2>
            <p>Unterlegt die Agenda das JICA-Programm für mindestens zwanzig kleine und mittlere Unternehmen mit
            Geld oder nur mit guten Absichten?</p>
            <h2>Fachkräfte</h2>
            <p>Werke, die jedes Jahr um Hunderte Arbeitsplätze wachsen, brauchen Techniker. Die Agenda sollte sagen,
            wer sie ausbildet und wie schnell.</p>
            <h2>Investitionen</h2>
            <p>Die zweite Wirtschaftsreise nach Japan soll mehr als 150 Millionen US-Dollar bringen. Die Agenda
            sollte zeigen, wie der Bundesstaat jedes der elf Treffen weiterverfolgt.</p>""",
        ),
        "lead_image_caption": (
            "Aguascalientes will present its strategic agenda for the automotive sector.",
            "Aguascalientes will seine strategische Agenda für die Automobilbranche vorstellen.",
        ),
    },
    {
        "slug": "queretaro-aerocluster-looks-to-car-parts-makers",
        "kind": "news",
        "section": "aerospace",
        "status": "draft",
        "authors": ["jonas-weber"],
        "dateline": "queretaro",
        "organizations": ["queretaro-aerocluster", "defense-and-aeronautics-aerospace-cluster"],
        "people": ["antonio-velazquez-solis"],
        "places": ["queretaro"],
        "tags": ["industrial-clusters", "supply-chains"],
        "headline": (
            "Querétaro Aerocluster looks for suppliers among car-parts makers",
            "Luftfahrtcluster Querétaro sucht Zulieferer unter den Autoteileherstellern",
        ),
        "standfirst": (
            "Draft: how the aerospace cluster wants to win over the region's automotive suppliers.",
            "Entwurf: Wie der Luftfahrtcluster die Autozulieferer der Region gewinnen will.",
        ),
        "body": (
            """<p>Still to do: ask Antonio Velázquez Solís which certifications car-parts makers find hardest, and
            check the number of members with the cluster.</p>""",
            """<p>Noch offen: Antonio Velázquez Solís fragen, welche Zertifizierungen für Autoteilehersteller am
            schwersten sind, und die Mitgliederzahl beim Cluster prüfen.</p>""",
        ),
        "lead_image_caption": (
            "Querétaro is home to Mexico's best-known aerospace cluster.",
            "Querétaro ist Sitz des bekanntesten Luftfahrtclusters Mexikos.",
        ),
    },
]

# The Bajío story's German translation was made before the standfirst named the 68 companies, so
# the demo translator finds it outdated, with the new words marked.
OUTDATED_TRANSLATION = {
    "article": "bajio-states-pool-68-aerospace-companies",
    "field": "standfirst",
    "earlier": (
        "The Bajío Alliance has set up the Defense and Aeronautics Aerospace Cluster, so that buyers and "
        "investors can see the region as one."
    ),
}

# Notes readers see at the end of an article, and on the corrections page. `after`: how long after
# the article's publication the note was added.
CORRECTIONS = [
    {
        "article": "tachi-s-creates-700-jobs-in-aguascalientes",
        "kind": "correction",
        "after": timedelta(days=1, hours=3),
        "text": (
            "An earlier version of this article said that Tachi-S had been in Aguascalientes for 18 years. "
            "The company has been in the state for more than 28 years.",
            "In einer früheren Fassung dieses Artikels hieß es, Tachi-S sei seit 18 Jahren in Aguascalientes. "
            "Das Unternehmen ist seit mehr als 28 Jahren in dem Bundesstaat.",
        ),
    },
]

# The editorial history of the demo's unpublished work: the reporter's draft went to review and came
# back with a question; the scheduled analysis was reviewed and scheduled. (username, from, to, comment)
EDITORIAL_HISTORY = {
    "queretaro-aerocluster-looks-to-car-parts-makers": {
        "writer": "reporter",
        "steps": [
            ("reporter", "draft", "in_review", "Ready for review; the cluster confirmed the company count."),
            (
                "editor",
                "in_review",
                "draft",
                "Please name the car-parts makers the cluster is talking to, or say that it would not name them.",
            ),
        ],
    },
    "what-to-watch-aguascalientes-automotive-agenda": {
        "writer": "reporter",
        "steps": [
            ("reporter", "draft", "in_review", ""),
            ("editor", "in_review", "published", "Scheduled for the morning of the forum."),
        ],
    },
}
