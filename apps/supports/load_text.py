"""Word lists for `manage.py seed_load`: proposals, comments and names that read like a town's, in French first,
then English and Spanish (residents write in their own language). No lorem ipsum: every sentence is built from
phrases a resident would write, so search, sorting and page weights behave as on a real site.

Everything draws from the `random.Random` it is given, so a `--seed` gives the same data set again.
"""

# (category in fr, en, es) -> (action, action) pairs per language: "Planter des arbres fruitiers" ...
CATEGORIES = [
    (
        ("Nature en ville", "Nature in town", "Naturaleza en la ciudad"),
        {
            "fr": [
                "Planter des arbres fruitiers",
                "Créer un jardin partagé",
                "Végétaliser la cour",
                "Installer des nichoirs à oiseaux",
                "Semer une prairie fleurie",
                "Installer des composteurs collectifs",
                "Débitumer le parking",
                "Planter une haie champêtre",
                "Créer une mare pédagogique",
            ],
            "en": [
                "Plant fruit trees",
                "Create a shared garden",
                "Green the courtyard",
                "Put up bird boxes",
                "Sow a wildflower meadow",
                "Set up shared compost bins",
            ],
            "es": [
                "Plantar árboles frutales",
                "Crear un huerto compartido",
                "Poner cajas nido para pájaros",
                "Sembrar un prado de flores",
                "Instalar compostadores colectivos",
            ],
        },
    ),
    (
        ("Mobilités", "Getting around", "Movilidad"),
        {
            "fr": [
                "Installer des arceaux vélos couverts",
                "Créer une piste cyclable protégée",
                "Sécuriser le passage piéton",
                "Élargir les trottoirs",
                "Ajouter un abri de bus",
                "Créer une zone de rencontre",
                "Installer un atelier de réparation de vélos",
                "Abaisser les bordures de trottoir",
            ],
            "en": [
                "Put in covered bike racks",
                "Build a protected cycle lane",
                "Make the crossing safer",
                "Widen the pavements",
                "Add a bus shelter",
            ],
            "es": [
                "Instalar aparcabicis cubiertos",
                "Crear un carril bici protegido",
                "Asegurar el paso de peatones",
                "Ensanchar las aceras",
                "Añadir una marquesina de autobús",
            ],
        },
    ),
    (
        ("Sport et loisirs", "Sport and leisure", "Deporte y ocio"),
        {
            "fr": [
                "Rénover le terrain de basket",
                "Installer des agrès de fitness",
                "Créer un skatepark",
                "Aménager un parcours de santé",
                "Installer une table de ping-pong en béton",
                "Couvrir le terrain de pétanque",
                "Créer une aire de jeux inclusive",
            ],
            "en": [
                "Renovate the basketball court",
                "Put in outdoor fitness equipment",
                "Build a skate park",
                "Lay out a fitness trail",
                "Build an inclusive playground",
            ],
            "es": [
                "Renovar la cancha de baloncesto",
                "Instalar aparatos de gimnasia",
                "Crear un skatepark",
                "Trazar un circuito de salud",
                "Crear un parque infantil inclusivo",
            ],
        },
    ),
    (
        ("Culture", "Culture", "Cultura"),
        {
            "fr": [
                "Installer une boîte à livres",
                "Organiser un festival de musique",
                "Peindre une fresque murale",
                "Créer une ludothèque",
                "Ouvrir la médiathèque le dimanche",
                "Installer une scène démontable",
                "Projeter des films en plein air",
            ],
            "en": [
                "Put up a little free library",
                "Hold a music festival",
                "Paint a mural",
                "Open a toy library",
                "Show open-air films",
            ],
            "es": [
                "Instalar una caseta de libros",
                "Organizar un festival de música",
                "Pintar un mural",
                "Abrir una ludoteca",
                "Proyectar cine al aire libre",
            ],
        },
    ),
    (
        ("Cadre de vie", "Living together", "Convivencia"),
        {
            "fr": [
                "Installer des bancs ombragés",
                "Ajouter des fontaines à eau",
                "Installer des toilettes publiques",
                "Créer un frigo solidaire",
                "Installer des tables de pique-nique",
                "Éclairer le chemin piéton",
                "Ajouter des poubelles de tri",
                "Créer un local pour les associations",
            ],
            "en": [
                "Put in shaded benches",
                "Add drinking fountains",
                "Install public toilets",
                "Set up a community fridge",
                "Light the footpath",
                "Add recycling bins",
            ],
            "es": [
                "Instalar bancos a la sombra",
                "Añadir fuentes de agua potable",
                "Instalar aseos públicos",
                "Crear una nevera solidaria",
                "Iluminar el camino peatonal",
            ],
        },
    ),
]

PLACES = {
    "fr": [
        "au parc des Tilleuls",
        "dans le quartier de la Gare",
        "près de l'école Jules-Ferry",
        "place du Marché",
        "le long de la Lys",
        "rue Victor-Hugo",
        "au square Pasteur",
        "devant la médiathèque",
        "près de la piscine",
        "à la Cité des Fleurs",
        "au Vieux-Bourg",
        "derrière la mairie",
        "au collège Jean-Moulin",
        "sur le parvis de l'église",
        "au quartier du Moulin",
        "près de l'Ehpad des Glycines",
        "à l'entrée du cimetière",
        "au bord du canal",
        "dans la résidence des Peupliers",
        "au stade municipal",
    ],
    "en": [
        "in Tilleuls park",
        "in the Station district",
        "near Jules-Ferry school",
        "on Market square",
        "along the Lys",
        "on Victor-Hugo street",
        "in Pasteur square",
        "outside the library",
    ],
    "es": [
        "en el parque de los Tilos",
        "en el barrio de la Estación",
        "junto a la escuela Jules-Ferry",
        "en la plaza del Mercado",
        "a orillas del Lys",
        "en la calle Victor-Hugo",
        "delante de la biblioteca",
    ],
}

ENDINGS = {
    "fr": [
        "",
        "",
        "",
        " pour les familles",
        " pour tous les âges",
        " accessible à tous",
        " avec les habitants",
        " avant l'été",
    ],
    "en": ["", "", " for families", " for all ages", " open to everyone"],
    "es": ["", "", " para las familias", " para todas las edades", " accesible para todos"],
}

PROBLEMS = {
    "fr": [
        "Aujourd'hui, il n'y a presque pas d'ombre l'été et les enfants ne peuvent pas jouer dehors l'après-midi.",
        "Les familles du quartier n'ont aucun endroit pour se retrouver le week-end.",
        "Les voitures roulent trop vite aux heures d'entrée et de sortie des classes.",
        "Le lieu est mal entretenu depuis des années et plus personne ne s'y arrête.",
        "Beaucoup de personnes âgées habitent ici et n'ont nulle part où se reposer en chemin.",
        "Les jeunes du quartier nous disent qu'ils n'ont rien à faire après les cours.",
        "Le soir, le passage est sombre et beaucoup d'habitantes l'évitent.",
        "Les vélos sont attachés aux grilles et aux lampadaires, faute de mieux.",
        "Les déchets débordent après chaque marché du samedi.",
        "Le quartier a perdu son dernier commerce et les voisins ne se croisent plus.",
    ],
    "en": [
        "Today there is hardly any shade in summer and children cannot play outside in the afternoon.",
        "Families in the area have nowhere to meet at weekends.",
        "Cars drive far too fast when school starts and ends.",
        "The place has been neglected for years and nobody stops there any more.",
    ],
    "es": [
        "Hoy casi no hay sombra en verano y los niños no pueden jugar fuera por la tarde.",
        "Las familias del barrio no tienen dónde reunirse el fin de semana.",
        "Los coches van demasiado rápido a la entrada y salida del colegio.",
        "El lugar lleva años descuidado y ya nadie se para allí.",
    ],
}

PROPOSE = {"fr": "Je propose de {action} {place}.", "en": "I suggest we {action} {place}.",
           "es": "Propongo {action} {place}."}  # fmt: skip

BENEFITS = {
    "fr": [
        "Ce serait utile aux enfants comme aux personnes âgées.",
        "Le quartier y gagnerait en convivialité.",
        "Cela rafraîchirait le quartier pendant les canicules.",
        "Les écoles voisines pourraient s'en servir pour leurs sorties.",
        "Ce serait un vrai signal pour les habitants qui se sentent oubliés.",
        "Cela encouragerait les familles à venir à pied ou à vélo.",
        "Les associations du quartier sont prêtes à s'en occuper.",
    ],
    "en": [
        "Children and older people alike would use it.",
        "It would make the neighbourhood friendlier.",
        "It would keep the area cooler during heatwaves.",
    ],
    "es": [
        "Sería útil tanto para los niños como para los mayores.",
        "El barrio ganaría en convivencia.",
        "Refrescaría el barrio durante las olas de calor.",
    ],
}

DETAILS = {
    "fr": [
        "L'entretien pourrait être confié au centre social, qui est d'accord.",
        "Le coût me semble modeste : quelques milliers d'euros tout au plus.",
        "Le conseil de quartier en a déjà parlé lors de sa dernière réunion.",
        "Une pétition avait réuni plus de deux cents signatures il y a deux ans.",
        "Le lycée professionnel pourrait fabriquer le mobilier avec ses élèves.",
        "Des villes voisines l'ont fait et le résultat est très apprécié.",
        "Il faudrait prévoir un accès pour les fauteuils roulants et les poussettes.",
    ],
    "en": [
        "The community centre has agreed to look after it.",
        "The cost should be modest: a few thousand euros.",
        "Neighbouring towns have done it and people love it.",
    ],
    "es": [
        "El centro social está dispuesto a ocuparse del mantenimiento.",
        "El coste parece modesto: unos pocos miles de euros.",
        "Otros municipios vecinos lo han hecho y funciona muy bien.",
    ],
}

COMMENTS = {
    "fr": {
        "in_favour": [
            "Très bonne idée, je soutiens !",
            "Mes enfants passent par là tous les jours, ce serait un vrai plus.",
            "Enfin une proposition concrète pour notre quartier.",
            "Je suis pour, et je peux aider bénévolement.",
            "C'est exactement ce qui manque ici depuis des années.",
            "Bravo, j'en parle à mes voisins.",
        ],
        "against": [
            "Attention au coût d'entretien sur plusieurs années.",
            "Je ne suis pas convaincu : le budget serait mieux utilisé ailleurs.",
            "Les riverains risquent de se plaindre du bruit le soir.",
            "Il y a déjà quelque chose de semblable à dix minutes à pied.",
        ],
        "neutral": [
            "Il faudrait d'abord consulter les riverains.",
            "Et pourquoi pas aussi dans le quartier voisin ?",
            "Savez-vous combien cela coûterait ?",
            "Qui s'en occuperait après l'installation ?",
            "Une idée intéressante, à préciser avec les services techniques.",
        ],
        "reply": [
            "Je suis d'accord avec vous.",
            "Pas tout à fait : la mairie a déjà prévu un budget d'entretien.",
            "Bonne question, le centre social pourrait répondre.",
            "Merci pour ce retour, j'ai complété la proposition.",
            "On pourrait en discuter à la prochaine réunion de quartier.",
        ],
    },
    "en": {
        "in_favour": ["Great idea, I support it!", "My kids walk past every day, this would really help."],
        "against": ["Mind the upkeep costs over the years.", "I'm not convinced the money is best spent here."],
        "neutral": ["Has anyone asked the neighbours?", "Do we know how much it would cost?"],
        "reply": ["I agree with you.", "Thanks, I have added that to the proposal."],
    },
    "es": {
        "in_favour": ["¡Muy buena idea, la apoyo!", "Mis hijos pasan por ahí cada día, sería una gran mejora."],
        "against": [
            "Cuidado con el coste de mantenimiento.",
            "No estoy convencida: el dinero haría más falta en otro sitio.",
        ],
        "neutral": ["¿Se ha consultado a los vecinos?", "¿Se sabe cuánto costaría?"],
        "reply": ["Estoy de acuerdo contigo.", "Gracias, lo he añadido a la propuesta."],
    },
}

FIRST_NAMES = ["Camille", "Karim", "Léa", "Lucas", "Inès", "Hugo", "Chloé", "Mohamed", "Manon", "Théo", "Sarah",
               "Nathan", "Jade", "Yanis", "Emma", "Louis", "Fatou", "Julien", "Amina", "Nicolas", "Zoé", "Mehdi",
               "Claire", "Antoine", "Lina", "Paul", "Sofia", "Thomas", "Nadia", "Marc", "Élodie", "Rachid", "Lucie",
               "Pierre", "Aïcha", "Maxime", "Julie", "Samir", "Anne", "Diego", "Carmen", "Oliver", "Grace"]  # fmt: skip
LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
              "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
              "Morel", "Girard", "Andre", "Mercier", "Dupont", "Lambert", "Bonnet", "Francois", "Martinez", "Benali",
              "Diallo", "Nguyen", "Haddad", "Lopez", "Fernandez", "Smith", "Dumont", "Lemaire", "Vasseur"]  # fmt: skip
STREETS = [
    "rue Victor-Hugo",
    "rue de la Gare",
    "avenue Jean-Jaurès",
    "place du Marché",
    "rue Pasteur",
    "boulevard de la Liberté",
    "rue des Tilleuls",
    "chemin du Halage",
    "rue du Moulin",
    "allée des Peupliers",
]


def language_for(rng):
    """Residents write mostly in French; some in English or Spanish."""
    roll = rng.random()
    return "fr" if roll < 0.8 else "en" if roll < 0.92 else "es"


def proposal_text(rng, category_index, language):
    """(title, body) of a proposal of the category, in the language."""
    actions = CATEGORIES[category_index][1][language]
    action = rng.choice(actions)
    place = rng.choice(PLACES[language])
    title = f"{action} {place}{rng.choice(ENDINGS[language])}"
    lowered = action[0].lower() + action[1:]
    propose = PROPOSE[language].format(action=lowered, place=place)
    if language == "fr" and lowered[0] in "aeéèiîouy":
        propose = propose.replace("de " + lowered, "d'" + lowered)
    sentences = [rng.choice(PROBLEMS[language]), propose,
                 rng.choice(BENEFITS[language])]  # fmt: skip
    body = " ".join(sentences)
    if rng.random() < 0.6:
        body += "\n\n" + " ".join(rng.sample(DETAILS[language], k=min(len(DETAILS[language]), rng.randint(1, 2))))
    return title[:150], body


def comment_text(rng, opinion, language, reply=False):
    words = COMMENTS[language]
    first = rng.choice(words["reply"] if reply else words[opinion])
    if rng.random() < 0.4:
        other = rng.choice(words[opinion])
        if other != first:
            return f"{first} {other}"
    return first


def person(rng, n):
    """(display name, nickname, e-mail) of resident n: unique nickname and e-mail."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    ascii_first = "".join(c for c in _ascii(first) if c.isalnum())[:10]
    return (
        f"{first} {last}",
        f"{ascii_first}_{_ascii(last)[:10]}_{n}".lower(),
        f"resident-{n:06d}@load.pbplatform.invalid",
    )


def _ascii(text):
    import unicodedata

    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
