"""The taxonomy is well-formed, aliases resolve, traps stay out, and extraction meets precision/recall targets."""

import json
from datetime import date

import pytest

from resumes.sections import labelled_lines
from resumes.services import parse_text
from resumes.skills import TAXONOMY_PATH, build_taxonomy, extract_skills, taxonomy
from resumes.tests.skill_cases import CASES

TODAY = date(2025, 6, 1)


def assert_reads(text: str, *, absent: set[str], present: set[str]) -> None:
    """The text yields every skill in `present` and none in `absent`."""
    found = found_ids(text)
    assert not (found & absent), found & absent
    assert present <= found, present - found


def found_ids(text: str) -> set[str]:
    return {f.skill.id for f in parse_text(text, today=TODAY)["skills"]}


def test_taxonomy_has_500_skills_across_all_categories_with_unique_aliases():
    data = json.loads(TAXONOMY_PATH.read_text())
    tax = build_taxonomy(data)  # raises on duplicate ids or an alias claimed by two skills
    assert len(tax.skills) >= 500
    used = {s.category for s in tax.skills.values()}
    assert used == set(data["categories"])
    for category in ["languages", "frontend", "backend", "databases", "cloud", "devops", "tools", "methodologies",
                     "soft_skills"]:
        assert sum(1 for s in tax.skills.values() if s.category == category) >= 25


def test_taxonomy_rejects_an_alias_claimed_by_two_skills():
    data = {"version": 1, "categories": {"x": "X"}, "skills": [
        {"id": "a", "name": "Alpha", "category": "x", "aliases": ["al"]},
        {"id": "b", "name": "Beta", "category": "x", "aliases": ["AL"]}]}
    with pytest.raises(ValueError, match="already belongs to 'a'"):
        build_taxonomy(data)


@pytest.mark.parametrize(("written", "expected"), [
    ("k8s", "Kubernetes"), ("Postgres", "PostgreSQL"), ("c++", "C++"), ("C#", "C#"), (".NET", ".NET"),
    ("node.js", "Node.js"), ("NodeJS", "Node.js"), ("Scikit-Learn", "scikit-learn"), ("golang", "Go"),
    ("ci/cd", "CI/CD"), ("ReactJS", "React"), ("Vue", "Vue.js"), ("GCP", "Google Cloud Platform"),
])
def test_aliases_and_punctuation_variants_resolve_to_one_skill(written, expected):
    assert taxonomy().resolve(written).name == expected


@pytest.mark.parametrize(("text", "absent"), [
    ("I go to the office and excel at my job.", {"go", "excel"}),
    ("The rest of the team has a solid understanding of it.", {"rest-apis", "solid"}),
    ("We make it safe and keep the notion of less waste.", {"safe", "make", "notion", "less"}),
    ("Jane R. Smith wrote C-level reports.", {"r", "c"}),
])
def test_ordinary_words_are_not_taken_for_skills(text, absent):
    assert not (found_ids(text) & absent)


def test_ambiguous_names_count_in_a_skills_list():
    assert {"go", "r", "c", "excel", "less"} <= found_ids("Skills: Go, R, C, Excel, Less")


@pytest.mark.parametrize(("written", "expected"), [
    ("Mimikatz", "Mimikatz"), ("QRadar", "IBM QRadar"), ("Keil uVision", "Keil"), ("IAR", "IAR Embedded Workbench"),
    ("RAC", "Oracle RAC"), ("SSMS", "SQL Server Management Studio"), ("data version control", "DVC"),
    ("KFServing", "KServe"), ("vSphere", "VMware vSphere"), ("ESXi", "VMware vSphere"), ("WinForms", "Windows Forms"),
    ("xunit.net", "xUnit"), ("nf-core", "Nextflow"), ("scRNA-seq", "Single-Cell RNA-seq"), ("Apptainer", "Singularity"),
    ("Cortex-M4", "ARM Cortex-M"), ("Hybris", "SAP Commerce"), ("AEM", "Adobe Experience Manager"),
    ("MS Access", "Microsoft Access"), ("Office 365", "Microsoft 365"), ("FortiGate", "Fortinet"),
    ("UE5", "Unreal Engine"),
])
def test_the_neighbouring_fields_long_tail_resolves(written, expected):
    assert taxonomy().resolve(written).name == expected


@pytest.mark.parametrize(("text", "absent"), [
    ("Client: UK based insurance provider. Okta as the identity provider.", {"provider"}),
    ("Provider relations lead; the windows of the office; a sliver of the budget.", {"provider", "windows", "sliver"}),
    ("Electron microscopy and Leaflet design for the Harbor office.", {"electron", "leaflet", "harbor"}),
    ("Logistics control tower, a landing zone for the helicopter, the city's service bus routes.",
     {"aws-control-tower", "cloud-architecture", "azure-service-bus"}),
    ("Cut Largest Contentful Paint by half; OTA bookings; the MPI for Molecular Genetics.",
     {"contentful", "ota-updates", "mpi"}),
])
def test_new_names_that_are_ordinary_words_need_their_context(text, absent):
    assert not (found_ids(text) & absent)


def test_new_ambiguous_names_count_in_a_list_or_beside_a_skill():
    ids = found_ids("Skills: Windows, Stan, Responder, Provider, GCC, SAP\nModels in Python and Stan; C2 with Cobalt "
                    "Strike and Sliver.")
    assert {"windows", "stan", "responder", "provider", "gcc", "sap", "cobalt-strike", "sliver"} <= ids


def test_longest_alias_wins_over_its_prefix():
    ids = found_ids("Skills: Spring Boot, ASP.NET Core, Objective-C")
    assert {"spring-boot", "aspnet-core", "objective-c"} <= ids
    assert not ({"spring", "aspnet", "c", "dotnet"} & ids)


def test_confidence_rewards_skills_section_plus_recent_experience_over_an_old_passing_mention():
    text = """SKILLS
Python, Django
EXPERIENCE
Backend Engineer, Acme | Jan 2023 - Present
Built Django services in Python; Python everywhere.
Developer, Old Co | 2010 - 2012
Some Perl scripts."""
    lines = labelled_lines(text)
    from resumes.facts import find_positions

    found = {f.skill.id: f for f in extract_skills(lines, find_positions(lines, today=TODAY), today=TODAY)}
    assert found["python"].confidence > found["perl"].confidence
    assert found["python"].sections == {"skills", "experience"}
    assert found["python"].mentions == 3 and found["python"].last_year == 2025
    assert found["perl"].last_year == 2012
    assert 0 < found["perl"].confidence < 0.5
    assert all(0 <= f.confidence <= 1 for f in found.values())


def test_extraction_precision_and_recall_on_the_test_set(capsys):
    assert len(CASES) >= 20
    true_positive = false_positive = false_negative = 0
    misses = []
    for text, expected in CASES:
        found = found_ids(text)
        true_positive += len(found & expected)
        false_positive += len(found - expected)
        false_negative += len(expected - found)
        if found != expected:
            misses.append((text.splitlines()[0], sorted(found - expected), sorted(expected - found)))
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    with capsys.disabled():
        print(f"\nskill extraction on {len(CASES)} resumes: precision {precision:.3f} (target 0.90), "
              f"recall {recall:.3f} (target 0.85)")
        for first_line, extra, missing in misses:
            print(f"  {first_line[:40]!r}: extra {extra} missing {missing}")
    assert precision >= 0.9
    assert recall >= 0.85


# --- what a mention means (issue 16: held-out precision) ------------------------------------------------------------
@pytest.mark.parametrize(("text", "absent", "present"), [
    # a personal section is about the person: hobbies, books, referees
    ("SKILLS\nPython\nINTERESTS\nMetal, woodworking, Go, chess", {"metal", "go"}, {"python"}),
    ("SKILLS\nReact\nREADING\nThe Great Gatsby and Clean Architecture", {"gatsby", "clean-architecture"}, {"react"}),
    ("SKILLS\nPlaywright\nREFERENCES\nJasmine Weber, QA Lead at N26", {"jasmine", "qa"}, {"playwright"}),
    # an email address or a URL names a site; a ".io" skill name stays a skill
    ("jane.rust@example.com | github.com/jane\nSKILLS\nPython", {"rust", "github"}, {"python"}),
    ("Skills: Socket.io/Redis, ASP.NET/C#", set(), {"websockets", "redis", "aspnet", "csharp"}),
    # negated or wished for
    ("EXPERIENCE\n- Puppet and Ansible. No hands-on experience with Chef or SaltStack, but evaluated both.",
     {"saltstack", "chef"}, {"puppet", "ansible"}),
    ("Comfortable with Python and SQL; eager to learn Kubernetes and cloud platforms such as AWS.",
     {"kubernetes", "amazon-web-services"}, {"python", "sql"}),
    ("SOC analyst. Currently learning Rust and want to learn Go next year.", {"rust", "go"}, set()),
    ("Data analyst moving into analytics engineering; learning dbt on weekends.", {"dbt"}, set()),
    ("I have not used Flutter or React Native in production.", {"flutter", "react-native"}, set()),
    # ordinary words: a season, a lowercase noun without a skill beside it, "the helm of", SWIFT the bank network
    ("- Python APIs; in spring 2019 we moved the fleet to Kubernetes.", {"spring"}, {"python", "kubernetes"}),
    ("Winner, Accra Spring Hackathon 2019", {"spring"}, set()),
    ("Weekend guide at the zoo, explaining the giant pandas to school groups.", {"pandas"}, set()),
    ("- Wrote SQL against the warehouse; automated reports with Python and pandas.", set(), {"pandas", "python"}),
    ("- Took the helm of the Kafka migration.", {"helm"}, {"apache-kafka"}),
    ("- Java services that parse SWIFT messages.", {"swift"}, {"java"}),
    ("- Track-and-trace for freight moving on rails and roads.", {"ruby-on-rails"}, set()),
    ("I pick up slack when a deadline looms and write documentation.", {"slack"}, set()),
    ("- I react quickly to feedback; modelling airflow over turbine blades.", {"react", "apache-airflow"}, set()),
    ("- Rewrote onboarding in SwiftUI and Swift; Spring services in Java.", set(), {"swift", "spring", "swiftui"}),
    # an ambiguous name joined to a skill beyond doubt
    ("- Node.js and Express APIs; integrations over SOAP and REST; builds with Make and CMake.", set(),
     {"express-js", "rest-apis", "make", "soap", "node-js", "cmake"}),
    # a discipline before a role or a team; a technology before a role still counts; a Scrum team works in Scrum
    ("QA engineer who likes breaking things. Worked with the UX team on checkout.", {"qa", "user-experience"},
     set()),
    ("PHP developer with Laravel. Agile / Scrum team, code reviews every day.", set(),
     {"php", "laravel", "scrum", "agile"}),
])
def test_what_the_words_around_a_mention_say(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_the_name_the_headline_under_it_a_header_location_and_an_employer_are_no_skills():
    text = """Julia Novak
UX Designer
Bandung, West Java, Indonesia
EXPERIENCE
Data Analyst, SAS Group
Apr 2021 – Present
- Built Tableau dashboards.
Web Developer — Studio Ember (Jan 2018 – Aug 2021)
- Marketing sites in Vue.js."""
    found = found_ids(text)
    assert not (found & {"julia", "user-experience", "java", "sas", "ember-js"}), found
    assert {"tableau", "vue-js"} <= found


def test_a_tagline_that_lists_skills_under_the_name_still_counts():
    assert {"python", "django", "amazon-web-services"} <= found_ids(
        "Sipho Dlamini\nSenior Python Engineer · Django · AWS\nsipho@example.com")


def test_a_word_must_be_one_of_the_skills_own_one_word_names():
    data = {"version": 1, "categories": {"x": "X"}, "skills": [
        {"id": "a", "name": "Alpha", "category": "x", "aliases": ["al"], "words": ["beta"]}]}
    with pytest.raises(ValueError, match="word 'beta' of 'a'"):
        build_taxonomy(data)
    assert build_taxonomy({**data, "skills": [{**data["skills"][0], "words": ["alpha"]}]}).words == {("alpha",)}


def test_a_personal_block_ends_at_a_heading_in_capitals_it_does_not_know():
    from resumes.sections import OTHER, PERSONAL

    lines = labelled_lines("CONTACT\nsam@example.ng\nTECHNOLOGY USED\nKotlin\nRoom")
    assert [(line.section, line.heading) for line in lines] == [
        (PERSONAL, True), (PERSONAL, False), (OTHER, True), (OTHER, False), (OTHER, False)]
    assert {"kotlin", "room"} <= found_ids("CONTACT\nsam@example.ng\nTECHNOLOGY USED\nKotlin\nRoom")


# --- someone else's technology (issue: held-out precision, t68-t82) -------------------------------------------------
@pytest.mark.parametrize(("text", "absent", "present"), [
    # a possessive of another party: its noun phrase, or its whole clause when it opens the clause
    ("- Unity and C# for a city builder; calls to the server team's Java services.", {"java"}, {"unity", "csharp"}),
    ("- The client's mainframe ran COBOL batch jobs that our services fed.", {"cobol"}, set()),
    ("- Migrated the client's storefront from AngularJS to React.", set(), {"angular", "react"}),
    ("- Sponsored the platform group's move from the monolith to microservices.", {"monolith", "microservices"},
     set()),
    ("- Helm charts for a startup (their codebase was Rust; mine was the Terraform).", {"rust"}, {"helm"}),
    # a relative clause about other people, not one about the candidate
    ("- Worked with the client's analysts, who reported in Tableau and Looker.", {"tableau", "looker"}, set()),
    ("- Joined a team that used Scala for settlements; I owned the Python side.", {"scala"}, {"python"}),
    ("- Led the platform team that I built around Kubernetes.", set(), {"kubernetes"}),
    # the team one works with, and its stack in brackets
    ("- Worked closely with the web team (React, Next.js) on design tokens; Swift for iOS.", {"react", "next-js"},
     {"swift"}),
    # another party as the clause's subject; "we" and a bare "the team" are the candidate's
    ("- Customers ran anything from Oracle to MongoDB; we looked after Linux.", {"mongodb"}, {"linux"}),
    ("- Laravel rewrite declined; they kept PHP.", {"php"}, set()),
    ("- The platform group owned the AUTOSAR basic software.", {"autosar"}, set()),
    ("- The team moved to Kubernetes under my lead.", set(), {"kubernetes"}),
    # owned, run or looked after by others
    ("- Our backend was Java and Spring, owned by the platform team.", {"java", "spring"}, set()),
    ("- Served models on Kubernetes; feature pipelines in Spark are run by the data platform team.",
     {"apache-spark"}, {"kubernetes"}),
    ("- Deploy on Docker, the CI is Jenkins which other team take care.", {"jenkins"}, {"docker"}),
    # the other parties named; a clause set off by commas ends at its comma
    ("- Consulting for clients such as Snowflake and Databricks; Python for the models.",
     {"snowflake", "databricks"}, {"python"}),
    ("- Integrated with the client's SAP system over SOAP; I wrote the Java adapters.", set(), {"soap", "java"}),
    ("- Partnered with the data science team, who built models in PyTorch, to ship them in Python.", {"pytorch"},
     {"python"}),
    # a name before another party's possessive names that party
    ("- The mainframe team's COBOL batch stayed on-prem; I designed the AWS side.", {"ibm-mainframe", "cobol"},
     {"amazon-web-services"}),
])
def test_technology_that_belongs_to_other_people_is_not_the_candidates(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_other_peoples_technology_across_a_wrapped_line():
    text = ("EXPERIENCE\n- Unity and C# for a mobile city builder; calls to the server team's\n"
            "Java services and an Android SDK.")
    found = found_ids(text)
    assert "java" not in found and {"unity", "csharp"} <= found


@pytest.mark.parametrize(("text", "absent", "present"), [
    # a discipline that names the person: "SRE who...", "DevOps Contractor"
    ("SRE who likes boring pagers; Prometheus and Grafana.", {"site-reliability-engineering"},
     {"prometheus", "grafana"}),
    ("Tomasz Zielinski\nFreelance Backend / DevOps Contractor\nSKILLS\nDocker", {"devops"}, {"docker"}),
    # "learn more about" is a wish
    ("Strong in Java. Want to join company where I can learning more about Kafka and system design.",
     {"apache-kafka", "system-design"}, {"java"}),
    # headings in the singular or as non-native writers name them
    ("SKILL\n- Java, Spring Boot\nHOBBY\nFootball, read the book about Clean Architecture",
     {"clean-architecture"}, {"java", "spring-boot"}),
])
def test_roles_wishes_and_heading_variants(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("heading", "section"), [
    ("SKILL", "skills"), ("HOBBY", "personal"), ("CERTIFICATE", "certifications"), ("WORK EXPERIENCES", "experience"),
    ("RESEARCH EXPERIENCE", "experience"), ("TEACHING", "experience"), ("CONTRACTS", "experience"),
])
def test_heading_variants_open_their_section(heading, section):
    from resumes.sections import heading_section

    assert heading_section(heading) == section


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("PROJECTS\nHomework Tracker: a Django app deployed with GitHub\nActions for tests.", {"github"},
     {"github-actions", "django"}),
    ("EXPERIENCE\n- Moved the batch jobs from Azure to Amazon Web\nServices and Kubernetes.", set(),
     {"amazon-web-services", "microsoft-azure", "kubernetes"}),
    ("EXPERIENCE\n- Services in Spring\nBoot on Java 17.", {"spring"}, {"spring-boot", "java"}),
    # a role stays a role across the break; a name split by punctuation is two mentions
    ("SUMMARY\nI worked as a Machine\nLearning Engineer on ranking.", {"machine-learning"}, set()),
    ("SKILLS\nReact, GitHub,\nActions on merge", set(), {"react", "github"}),
])
def test_a_name_wrapped_over_two_lines_is_one_mention(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # ordinary words that are skills only beside a technology (or capitalised, or listed)
    ("Eight years keeping payment and streaming platforms up.", {"stream-processing"}, set()),
    ("- Kafka streaming into Delta Lake.", set(), {"stream-processing", "apache-kafka"}),
    ("Volunteer: networking events for women in tech; monitoring student progress.", {"networking", "monitoring"},
     set()),
    ("- Terraform modules for AWS networking; Nagios monitoring.", set(), {"networking", "monitoring"}),
    ("Published a replication of three results in economics.", {"database-replication"}, set()),
    # the plural or singular of a practice is the practice
    ("- Load tests with k6; visual regression tests; web pentests; unit test with JUnit.", set(),
     {"load-testing", "regression-testing", "penetration-testing", "unit-testing"}),
    ("- Bayesian hierarchical models in Python.", set(), {"bayesian-methods", "python"}),
])
def test_ordinary_words_and_inflections_of_practices(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # an inline "Interests:" label makes the rest of the line a hobby; "Hobbys" (German spelling) is a heading
    ("EDUCATION\nMSc, Politecnico di Milano\nInterests: climbing, espresso machines, open-source projects",
     {"espresso"}, set()),
    ("SKILLS\nPython, Docker\nHOBBYS\nRennrad, Brettspiele (besonders Go)", {"go"}, {"python", "docker"}),
    # a passive with another party as its agent; the candidate's own thing stays theirs
    ("- The backend was maked by the client team in .NET, we only consume the APIs.", {"dotnet"}, set()),
    ("- Built GraphQL APIs that were consumed by the mobile team.", set(), {"graphql"}),
    # a wish to go deeper; a title with a word between the discipline and the role
    ("Want to get deeper into cloud pentesting (AWS, Azure).", {"amazon-web-services", "microsoft-azure"}, set()),
    ("Seeking a QA Automation Lead position; Playwright and Selenium.", {"qa"}, {"playwright", "selenium"}),
    # a count of things, not Node.js; game-network replication, not a database's
    ("- Administer Oracle databases, including 4-node RAC clusters.", {"node-js"}, set()),
    ("- C++ bug fixing and replication issues (netcode, lag compensation).", {"database-replication"}, {"cpp"}),
    ("- MySQL with streaming replication and read replicas.", set(), {"database-replication", "mysql"}),
    # a multi-word name never runs across a bracket or a comma
    ("SKILLS\nAzure (App Service, Functions, Service Bus)", set(), {"microsoft-azure", "azure-app-service"}),
    # practices under their everyday names
    ("- Built batch jobs with Spring Batch; tuned slow running queries; wrote postmortems after outages.", set(),
     {"batch-processing", "query-optimization", "postmortems"}),
    ("- Unit tests with JUnit and Mockito, coverage must over 80%. Index and statistics maintenance.",
     {"statistics"}, {"code-coverage", "unit-testing"}),
])
def test_practices_and_context_of_the_newer_tuning_batch(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # learning, in Portuguese and Spanish, and a move one plans
    ("EXPERIÊNCIA\n- Pipelines em Python e Spark.\nEstudando no momento: Apache Flink e Rust", {"apache-flink", "rust"},
     {"python", "apache-spark"}),
    ("Analista SOC. Aprendiendo Go y Terraform; Splunk a diario.", {"go", "terraform"}, set()),
    ("SOC analyst moving towards detection engineering. Triage in Splunk.", {"detection-engineering"}, {"splunk"}),
    # a department's name and an acronym's plural are no skill
    ("REFERENCES\nSenior Lecturer, Department of Statistics, University of Ibadan", {"statistics"}, set()),
    ("- Manage 2 teams (13 engineers, 2 TLs) owning the billing APIs; Java on AWS.", {"tls"}, {"java"}),
])
def test_learning_departments_and_plurals_are_not_skills(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_long_tail_names_that_are_everyday_words_stay_out_of_ordinary_sentences():
    text = ("EXPERIENCE\nStore Manager, Acme, 2019 – 2021\n- Opened stores in New Jersey and volunteered at a local "
            "thrift store near the Golden Gate Bridge.\n- Set up corporate governance, risk and compliance reviews; "
            "defined the GTM strategy; worked with the MDM team; traded CFD and FX products; profiled 200 customers;"
            " handled the Recovery Manager escalation queue; partnered with the Configuration Manager at "
            "Universal Music Group (UMG).\n")
    assert not found_ids(text) & {"jax-rs", "apache-thrift", "oracle-goldengate", "grc", "google-tag-manager",
                                  "mobile-device-management", "computational-fluid-dynamics",
                                  "performance-optimization", "rman", "sccm", "unreal-motion-graphics"}
    assert {"apache-thrift", "google-tag-manager", "computational-fluid-dynamics"} <= found_ids(
        "SKILLS\nThrift, GTM, CFD")


@pytest.mark.parametrize(("text", "absent", "present"), [
    # another team's or a client's, in Spanish, Portuguese, French and German: the clause is theirs
    ("EXPERIENCIA\n- La base MongoDB del equipo de canales digitales no estaba bajo mi administración.\n"
     "- Colaboré con el equipo de backend, que trabajaba en Java con Spring, definiendo los contratos en OpenAPI.\n",
     {"mongodb", "java", "spring"}, {"swagger"}),
    ("EXPERIÊNCIA\n- O core bancário do cliente rodava em COBOL/CICS no mainframe; migrei o front para React.\n",
     {"cobol", "cics"}, {"react"}),
    ("EXPÉRIENCE\n- Consommation de l'API de l'équipe plateforme (Java/Spring), que je ne maintenais pas.\n"
     "- Tests unitaires avec Jest, tests de bout en bout avec Cypress.\n",
     {"java", "spring"}, {"jest", "unit-testing", "end-to-end-testing", "cypress"}),
    ("BERUFSERFAHRUNG\n- Die Tableau-Dashboards der BI-Abteilung wurden aus meinen Data Marts gespeist.\n",
     {"tableau"}, set()),
    # learning, wishes and no experience, in other languages and in English
    ("PERFIL\nMe gustaría aprender Flutter el próximo año; todavía sin experiencia práctica en Azure.\n"
     "Je découvre Vue.js en ce moment. Not hands-on with Cypress yet.\nSKILLS\nKotlin\n",
     {"flutter", "microsoft-azure", "vue-js", "cypress"}, {"kotlin"}),
    # other parties in English: a possessive before a parenthesis, "belonged to", client estates
    ("EXPERIENCE\n- Cluster operations are the platform team's (Kubernetes, Istio); we own the Python services.\n"
     "- Matchmaking belonged to the online team (PlayFab, Azure).\n- Most client estates ran SAP and Citrix.\n",
     {"kubernetes", "istio", "playfab", "microsoft-azure", "sap", "citrix"}, {"python"}),
    # practices as other languages and past tenses name them
    ("EXPERIENCE\n- Profiled the hot paths with pprof.\n- Optimización de consultas lentas en Oracle.\n"
     "- Plan de recuperación ante desastres; replicación en streaming.\n",
     set(), {"performance-optimization", "query-optimization", "disaster-recovery", "database-replication"}),
    ("WERKERVARING\n- A/B-testen met sequentiële toetsen; voorspelmodel op tijdreeksen; data-opschoning in SQL.\n"
     "DOŚWIADCZENIE\n- Mikroserwisy we Flasku; testy jednostkowe w pytest, pokrycie kodu > 85%.\n"
     "BERUFSERFAHRUNG\n- Lasttests mit JMeter, manuelle Tests, Regressionstests, Testautomatisierung.\n",
     set(), {"a-b-testing", "time-series-analysis", "data-cleaning", "microservices", "unit-testing", "code-coverage",
             "load-testing", "manual-testing", "regression-testing", "test-automation"}),
])
def test_what_the_fourth_blind_batch_showed_about_skills(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_a_skill_marked_as_being_learned_after_it_is_not_the_candidates_and_the_next_one_is():
    assert_reads("SKILLS\nPython, Rust (learning), Kotlin\n"
                 "Java; Go – derzeit im Selbststudium, noch ohne Projekteinsatz\nScala – currently learning\n",
                 absent={"rust", "go", "scala"}, present={"python", "kotlin", "java"})


@pytest.mark.parametrize(("text", "absent", "present"), [
    # a consent clause at the end of an Italian or Polish CV; "Informatica" the degree, not the ETL tool
    ("ISTRUZIONE\nLaurea triennale in Informatica, Università di Milano\nCOMPETENZE\nPython, Selenium\n"
     "Autorizzo il trattamento dei dati personali ai sensi del Regolamento UE 2016/679 (GDPR).\n",
     {"gdpr", "informatica"}, {"python", "selenium"}),
    # the label of a list names its field
    ("SKILLS\nOperating Systems : Windows, Linux\nDevOps: Docker, GitHub Actions\n",
     {"operating-systems", "devops"}, {"windows", "linux", "docker", "github-actions"}),
    # learning in French and Turkish, weekend tinkering, code developed by a client's teams
    ("PROFIL\nEn cours d'apprentissage : Rust et WebAssembly\nÖğreniyorum: Bevy\n"
     "Currently poking at Svelte on weekends, nothing production yet.\nEXPERIENCE\n"
     "- Jenkins pipelines for 35 microservices (Java/Spring Boot, developed by the client's dev teams).\n",
     {"rust", "webassembly", "bevy", "svelte", "java", "spring-boot"}, {"jenkins"}),
])
def test_what_the_sixth_and_seventh_blind_batches_showed_about_skills(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # the plural of an acronym is that acronym; "TLs" is still not TLS
    ("SKILLS\nNetworking: LAN, VLANs, VPNs\nEXPERIENCE\n- Led 2 TLs and the on-call rota.\n", {"tls"}, {"vlan"}),
    # a skills matrix: its first cell names the field, a row that is being learned is not a skill
    ("SKILLS\nArea | Tools | Years | Level\nDevOps | Azure DevOps, Docker | 3 | Intermediate\n"
     "Containers | Kubernetes / AKS | 0 | None yet – want to learn\n",
     {"devops", "kubernetes", "azure-kubernetes-service"}, {"azure-devops", "docker"}),
    ("EXPERIENCE\n- Served the models with vLLM behind an internal gateway.\n", set(), {"model-serving"}),
])
def test_what_the_last_blind_batches_showed_about_skills(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_a_declaration_in_title_case_is_no_evidence_either():
    assert_reads("SKILLS\nPython\nDECLARATION\nI Hereby declare that I have used Kubernetes, Terraform and AWS.\n",
                 absent={"kubernetes", "terraform", "amazon-web-services"}, present={"python"})


@pytest.mark.parametrize(("text", "absent", "present"), [
    # "the monolith" is the system a migration left, not an architecture skill; blind labellers never took it
    ("EXPERIENCE\n- Led the migration of a Rails monolith into 30 Kotlin microservices on AWS.\n",
     {"monolith"}, {"kotlin", "microservices"}),
    ("SKILLS\nArchitecture: modular monolith, event sourcing\n", set(), {"monolith"}),
    # a degree's name is not a skill list
    ("EDUCATION\nMSc Data Science, University of Southampton, 2016\nSKILLS\nPython\n", {"data-science"}, {"python"}),
    # a discipline before another discipline and a role, or before a community, is a job or other people
    ("DevOps / SRE Engineer\nEXPERIENCE\nMentor, DevOps Nigeria community (2021 – present).\n- Terraform on AWS.\n",
     {"devops"}, {"terraform"}),
    ("EXPERIENCE\n- 5 years of experience in DevOps practices: CI/CD and infrastructure as code.\n", set(), {"devops"}),
])
def test_what_the_monolith_the_degree_and_the_coordinated_role_showed(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # a model server, or a model served in so many words, is model serving done
    ("EXPERIENCE\n- Serve models with NVIDIA Triton on Kubernetes; p99 under 35 ms.\n", set(),
     {"nvidia-triton", "model-serving"}),
    ("EXPERIENCE\n- Demand models retrained weekly and served behind a FastAPI service on GKE.\n", set(),
     {"model-serving", "fastapi"}),
    ("EXPERIENCE\n- Fine-tuned Mistral 7B with LoRA; served with vLLM on A100s.\n", set(), {"vllm", "model-serving"}),
    # serving traffic is not serving a model; a model server being learned is neither
    ("EXPERIENCE\n- Python services on Kubernetes serving 40k requests per second.\n", {"model-serving"}, {"python"}),
    ("SKILLS\nPython\nCurrently exploring: vLLM for LLM serving\n", {"model-serving", "vllm"}, {"python"}),
    # payments integrated, secrets and backups kept
    ("EXPERIENCE\n- Integrated UPI payment flows in the app.\n- Moved application secrets into HashiCorp Vault.\n"
     "- Windows Server support, backups with Veeam.\n", set(),
     {"payment-integration", "secrets-management", "backup-and-recovery"}),
    ("EXPERIENCE\n• Integración de pagos con Adyen\n", set(), {"payment-integration"}),
])
def test_what_the_twelfth_to_fourteenth_blind_batches_showed_about_skills(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_a_classical_machine_learning_library_is_machine_learning_done():
    assert_reads("EXPERIENCE\n- Churn models with XGBoost and scikit-learn on Spark features.\n", absent=set(),
                 present={"xgboost", "scikit-learn", "machine-learning"})
    assert_reads("SKILLS\nPython\nWant to learn: LightGBM\n", absent={"lightgbm", "machine-learning"},
                 present={"python"})


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Brought API p95 latency down from 900 ms to 180 ms by reworking hot paths.\n", set(),
     {"performance-optimization"}),
    ("EXPERIENCE\n- Tuned slow SQL queries and added covering indexes in PostgreSQL.\n", set(),
     {"query-optimization", "postgresql"}),
    ("EXPERIENCE\n- Cleaned and merged mobile-money transaction data in Python (pandas).\n", set(),
     {"data-cleaning", "pandas"}),
    # none of them from words that do not say so
    ("EXPERIENCE\n- Kept the codebase clean; wrote the query builder for the reports page.\n",
     {"data-cleaning", "query-optimization", "performance-optimization"}, set()),
    # nor from another team's work
    ("EXPERIENCE\n- Worked with the DBA team, who tuned the queries for us.\n", {"query-optimization"}, set()),
])
def test_a_practice_told_in_other_words(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # Oracle as written in prose: the database (blind labellers: 52 of 56 resumes that name it)
    ("EXPERIENCE\n- Spring Boot REST APIs; Oracle 12c, JUnit, Jenkins pipelines.\n", set(), {"oracle-database"}),
    ("EXPERIENCE\n- Validated data with SQL queries against Oracle.\n", set(), {"oracle-database"}),
    ("EXPERIENCE\n• Servicios en Java con base de datos Oracle.\n", set(), {"oracle-database"}),
    # the employer named Oracle is not the database
    ("EXPERIENCE\nOracle — Senior Software Engineer\nJan 2020 – Present\n- Go services.\n", {"oracle-database"}, set()),
    # payments integrated, a provider's checkout
    ("EXPERIENCE\n- Integrated card and bank-transfer payments with Paystack and Flutterwave.\n", set(),
     {"payment-integration"}),
    ("EXPERIENCE\n- Set up Stripe checkout for an online bakery.\n", set(), {"payment-integration"}),
    ("EXPERIENCE\n• Integrei o pagamento via Pix no app.\n", set(), {"payment-integration"}),
])
def test_what_the_fifteenth_to_seventeenth_blind_batches_showed_about_skills(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_qa_counts_as_written_in_a_skills_list_only():
    # "fixed bugs reported by QA", "supported the QA team", "QA Engineer": other people or a job; the blind labellers
    # took QA on 6 of the 41 resumes that say it
    assert_reads("EXPERIENCE\n- Fixed crash bugs reported by QA in the nightly builds.\n", absent={"qa"},
                 present=set())
    assert_reads("SKILLS\nQA, Test Automation, Selenium\n", absent=set(), present={"qa", "selenium"})


@pytest.mark.parametrize("text", [
    "EXPERIENCE\n- Wrote unit and integration tests with pytest.\n",
    "EXPERIENCE\n- Unit and UI tests with XCTest.\n",
    "EXPERIENCE\n- SPA en Vue.js; tests unitarios con Jest.\n",
    "EXPERIENCE\n- Unit- und Integrationstests mit JUnit 5.\n",
])
def test_unit_tests_written_with_other_kinds(text):
    assert_reads(text, absent=set(), present={"unit-testing"})


@pytest.mark.parametrize("text", [
    "EXPERIENCE\n- 6+ years of experience in manual and automation testing of web applications.\n",
    "EXPERIENCE\n- Manual functional, regression and UAT testing; test cases in TestRail.\n",
    "EXPERIENCE\n- Test manuali su applicazioni gestionali; casi di test in TestLink.\n",
    # "e-learning" is a domain, not a skill being learned
    "EXPERIENCE\n• Manual testing of an edX-based e-learning platform.\n",
])
def test_manual_testing_told_with_other_kinds(text):
    assert_reads(text, absent=set(), present={"manual-testing"})


@pytest.mark.parametrize(("text", "present"), [
    ("EXPERIENCE\n- Moved 35 services from on-premises virtual machines to Azure Kubernetes Service.\n",
     {"cloud-migration", "azure-kubernetes-service"}),
    ("EXPERIENCE\n- Led a full data-centre exit for the payments platform.\n", {"cloud-migration"}),
])
def test_workloads_moved_off_premises_are_a_cloud_migration(text, present):
    assert_reads(text, absent=set(), present=present)


def test_continuous_integration_run_by_the_candidate():
    assert_reads("EXPERIENCE\n- Dockerised the local setup; CI pipelines in Azure DevOps.\n", absent=set(),
                 present={"ci-cd", "azure-devops"})
    assert_reads("EXPERIENCE\n- CI on GitLab CI for a fintech; SonarQube quality gates.\n", absent=set(),
                 present={"ci-cd"})
    # a CI tool alone is not enough (labelled on about half the resumes that name one)
    assert_reads("SKILLS\nJenkins, Docker\n", absent={"ci-cd"}, present={"jenkins", "docker"})


@pytest.mark.parametrize(("text", "present"), [
    ("EXPERIENCE\n- PostgreSQL partitioning took p99 latency from 900 ms to 180 ms.\n", {"performance-optimization"}),
    ("EXPERIENCE\n- Built PySpark jobs to clean ~40M clickstream rows a day.\n", {"data-cleaning"}),
    ("EXPERIENCE\n- Cleaned survey microdata in R (tidyverse).\n", {"data-cleaning"}),
])
def test_more_ways_of_telling_a_practice(text, present):
    assert_reads(text, absent=set(), present=present)


@pytest.mark.parametrize(("text", "present"), [
    # each line holds a cue only in a form the word gate once lacked (the cue matched, the gate never let it run)
    ("EXPERIENCE\n- Moved 40 services from onprem servers to AWS.\n", {"cloud-migration"}),
    ("EXPERIENCE\n- Scrittura di test unitario per ogni modulo Java.\n", {"unit-testing"}),
])
def test_the_cue_word_gate_is_never_narrower_than_its_cues(text, present):
    assert_reads(text, absent=set(), present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Profiled the render loop with Instruments and cut frame time by a third.", set(),
     {"performance-optimization"}),
    ("EXPERIENCE\n- Profiled 200 customers for the loyalty programme.", {"performance-optimization"}, set()),
    ("EXPERIENCE\n- Ran data profiling on the source tables.", {"performance-optimization"}, set()),
    ("EXPERIENCE\n- Automated the regression tests of the claims portal with Selenium.", set(), {"test-automation"}),
    ("EXPERIENCE\n- Automated API testing for the payments service.", set(), {"test-automation"}),
])
def test_profiling_is_performance_work_and_automated_tests_are_test_automation(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent"), [
    ("EXPERIENCE\n- Ran risk profiling and credit profiling for the loan book.", {"performance-optimization"}),
    ("EXPERIENCE\n- Profiling source tables before the migration.", {"performance-optimization"}),
    ("EXPERIENCE\n- Devise a caching strategy in Python and Redis for the catalogue.", {"devise"}),
    ("EXPERIENCE\n- Measured enzyme kinetics in Python; segmented cell nuclei with OpenCV.", {"enzyme", "nuclei"}),
    ("EXPERIENCE\n- Calibrated camera intrinsics with OpenCV.", {"simd"}),
    ("SKILLS\nOther\nDocker, Kubernetes, Terraform", set()),
])
def test_review_cases_of_ordinary_words(text, absent):
    assert not found_ids(text) & absent


@pytest.mark.parametrize(("text", "absent", "present"), [
    # an ambiguous name in its own case right after a tool word is the tool (103 more labelled skills on the tuning
    # part for 15 unlabelled ones)
    ("EXPERIENCE\n- Ubuntu and CentOS fleet managed with Puppet; migrated monitoring.\n", set(), {"puppet"}),
    ("EXPERIENCE\n• Implementé autenticación con Auth0 y pagos con Stripe\n", set(), {"stripe"}),
    ("EXPERIENCE\n- Visual regression tests in Chromatic.\n", set(), {"chromatic"}),
    ("EXPERIENCE\n- Selenium WebDriver + Java + TestNG, Page Object pattern, Allure reports\n", set(), {"allure"}),
    # ... not in lower case, and not a degree's subject
    ("EXPERIENCE\n- Put on a puppet show with the kids.\n", {"puppet"}, set()),
    ("EDUCATION\nMaster in Informatica, Politecnico di Torino\n", {"informatica"}, set()),
])
def test_an_ambiguous_tool_right_after_a_tool_word(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # a tool that is one kind of practice, in the candidate's own work, is that practice done
    ("EXPERIENCE\n- API regression suites with REST Assured and TestNG, run nightly.\n", set(),
     {"rest-assured", "testng", "test-automation", "api-testing"}),
    ("EXPERIENCE\n- Load tests with k6 before each release.\n", set(), {"k6", "load-testing"}),
    ("EXPERIENCE\n- Defect detection on the line with OpenCV and YOLO.\n", set(),
     {"opencv", "yolo", "computer-vision"}),
    ("EXPERIENCE\n- Control models in Simulink, code generated for the ECU; ISO 26262 ASIL-B work products.\n",
     set(), {"simulink", "matlab", "iso-26262", "functional-safety"}),
    ("EXPERIENCE\n- MISRA checks with Polyspace; servers on CentOS watched with Zabbix.\n", set(),
     {"static-analysis", "linux", "monitoring"}),
    ("EXPERIENCE\n- Campus network: OSPF and BGP between sites, playbooks in Cortex XSOAR.\n", set(),
     {"networking", "security-operations"}),
    # an implied practice implies nothing further: Keras gives deep learning, not machine learning as well
    ("EXPERIENCE\n- Image classifiers in Keras.\n", {"machine-learning"}, {"keras", "deep-learning"}),
    # nor does a tool that is only wished for, or a CI server, whose practice the labels are split on
    ("SKILLS\nPython\nWant to learn: Kubeflow\n", {"kubeflow", "mlops"}, {"python"}),
    ("EXPERIENCE\n- Builds on Jenkins.\n", {"ci-cd"}, {"jenkins"}),
    # a CI server's pipelines are CI/CD done, as "CI on GitHub Actions" is
    ("EXPERIENCE\n- Moved the build to GitHub Actions pipelines with caching.\n", set(), {"github-actions", "ci-cd"}),
    ("EXPERIENCE\n- Deployment pipelines in Jenkins and Argo CD.\n", set(), {"jenkins", "ci-cd"}),
])
def test_a_tool_that_is_one_kind_of_practice_is_that_practice_done(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # being on call is no incident management (labelled on 4 of 56 blind resumes that only say so); running the
    # incidents is ("incident commander", "incident reviews": 54 of 76)
    ("EXPERIENCE\n- Payments APIs in Go; on-call one week in four.\n", {"incident-management"}, {"go"}),
    ("EXPERIENCE\n- Incident commander on the major-incident rota; blameless postmortems.\n", set(),
     {"incident-management", "postmortems"}),
    ("EXPERIENCE\n- Started the incident review program across 14 teams.\n", set(), {"incident-management"}),
])
def test_on_call_alone_is_no_incident_management(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # code reviewed in so many words is code review done; a reviewed design is not
    ("EXPERIENCE\n- Still review code every week for the platform team.\n", set(), {"code-review"}),
    ("EXPERIENCE\n- Review PRs and wrote the team's SQL style guide.\n", set(), {"code-review"}),
    ("EXPERIENCE\n• Pruebas con JUnit; participación en revisiones de código.\n", set(), {"code-review", "junit"}),
    ("EXPERIENCE\n- Reviewed the architecture of the billing service.\n", {"code-review"}, set()),
    # ASP.NET MVC is the MVC pattern as well
    ("EXPERIENCE\n- ERP modules in ASP.NET MVC and Entity Framework.\n", set(), {"aspnet", "mvc"}),
    # an app made faster in numbers the labellers read as performance work
    ("EXPERIENCE\n- Cut cold-start time 38% by lazy-loading screens.\n", set(), {"performance-optimization"}),
    ("EXPERIENCE\n- Took the Lighthouse performance score from 58 to 94 by code-splitting.\n", set(),
     {"performance-optimization"}),
    # a build made faster is not (labelled on 19 of 32)
    ("EXPERIENCE\n- Clean build time dropped from 9 to 4 minutes.\n", {"performance-optimization"}, set()),
])
def test_what_the_tuning_part_says_of_code_review_mvc_and_app_speed(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # Excel and Retrofit capitalised outside a list are the tools; "excel" in lower case is the verb
    ("EXPERIENCE\n- Automated the monthly Excel reconciliation with Python.\n", set(), {"excel", "python"}),
    ("EXPERIENCE\n- Kotlin with MVVM, Coroutines, Room and Retrofit.\n", set(), {"retrofit"}),
    ("SUMMARY\nI excel at turning messy data into decisions.\n", {"excel"}, set()),
    # names the taxonomy lacked, which blind labellers wrote and the text names beyond doubt
    ("SKILLS\nIndexedDB, JavaFX, Guice, QueryDSL, CameraX, Datomic, Kubecost, Terratest, CyberChef, Syft\n", set(),
     {"indexeddb", "javafx", "guice", "querydsl", "camerax", "datomic", "kubecost", "terratest", "cyberchef",
      "syft"}),
    ("EXPERIENCE\n- Avionics I/O over ARINC 429; partitions on ARINC 653; DO-330 tool qualification.\n", set(),
     {"arinc-429", "arinc-653", "do-330"}),
])
def test_excel_retrofit_and_the_names_the_taxonomy_lacked(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # "Rider" in a list of tools is JetBrains Rider; a rider in a sentence is not
    ("SKILLS\nPerforce, Git, Visual Studio, Rider, RenderDoc\n", set(), {"jetbrains-rider", "visual-studio"}),
    ("EXPERIENCE\n- Built the Rider app for couriers in Kotlin.\n", {"jetbrains-rider"}, {"kotlin"}),
    # a migration names both tools: "from Ant to Maven"
    ("EXPERIENCE\n- Moved the builds from Ant to Maven.\n", set(), {"apache-ant", "maven"}),
    ("EXPERIENCE\n- Walked from Ant Hill to Maven Street.\n", {"apache-ant"}, set()),
    # stored procedures however written
    ("EXPERIENCE\n- Wrote PL/SQL procedures for claims reporting.\n", set(), {"pl-sql", "stored-procedures"}),
    ("EXPERIENCE\n• Consultas y procedimientos almacenados en SQL Server\n", set(), {"stored-procedures"}),
    ("EXPERIENCE\n- T-SQL views and stored procs on SQL Server 2016.\n", set(), {"stored-procedures"}),
])
def test_rider_ant_and_stored_procedures(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # unit tests written with a unit-test framework are unit testing done; integration tests with one are not
    ("EXPERIENCE\n- Wrote JUnit 5 and Mockito tests, raising coverage of the rating engine to 70%.\n", set(),
     {"junit", "mockito", "unit-testing"}),
    ("EXPERIENCE\n- Write PHPUnit tests; do code review for 3 juniors.\n", set(), {"phpunit", "unit-testing"}),
    ("EXPERIENCE\n- Added xUnit and Testcontainers integration tests to a 15-year-old codebase.\n",
     {"unit-testing"}, {"xunit", "testcontainers"}),
])
def test_unit_tests_written_with_a_unit_test_framework(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # watching a model, a market or a threat is no systems monitoring; watching servers is
    ("EXPERIENCE\n- Drift monitoring with Evidently; retraining in Airflow.\n", {"monitoring"}, {"evidently"}),
    ("EXPERIENCE\n- 24/7 shift monitoring in IBM QRadar; first-level triage.\n", {"monitoring"}, {"ibm-qradar"}),
    ("EXPERIENCE\n- Scrapy spiders for e-commerce price monitoring.\n", {"monitoring"}, {"scrapy"}),
    ("EXPERIENCE\n- Nagios monitoring for 300 Linux servers.\n", set(), {"monitoring", "nagios"}),
])
def test_what_is_monitored_decides_whether_it_is_monitoring(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # an app's HTTP layer is no networking; networks are
    ("EXPERIENCE\n- Migrated networking from Alamofire to URLSession with async/await.\n", {"networking"},
     {"alamofire"}),
    ("EXPERIENCE\n- Networking layer on Retrofit/OkHttp with certificate pinning.\n", {"networking"}, {"retrofit"}),
    ("EXPERIENCE\n- Campus networking: VLANs on Cisco switches and site-to-site VPNs.\n", set(), {"networking"}),
])
def test_an_apps_http_layer_is_no_networking(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # one of the team that did it did it; a team one worked with is other people
    ("EXPERIENCE\n- Part of the team that migrated core banking from the on-prem data centre to Google Cloud (GKE).\n",
     set(), {"cloud-migration", "google-kubernetes-engine"}),
    ("EXPERIENCE\n- Worked with the data team that used Spark.\n", {"apache-spark"}, set()),
    # off premises in other languages
    ("EXPERIENCE\n• Migração de servidores on-premise para a AWS\n", set(), {"cloud-migration"}),
    ("EXPERIENCE\n• Migration von On-Premise-VMs nach Azure (AKS)\n", set(), {"cloud-migration"}),
])
def test_one_of_the_team_and_off_premises_in_other_languages(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    # slow queries found and fixed, in so many words, are query optimization
    ("EXPERIENCE\n- Found and fixed N+1 queries in the reports module with better indexes.\n", set(),
     {"query-optimization"}),
    ("EXPERIENCE\n- Optimisation des requêtes MySQL : temps de réponse divisé par 3\n", set(), {"query-optimization"}),
    ("EXPERIENCE\n- Reporting queries for the finance team.\n", {"query-optimization"}, set()),
    # features built for models are feature engineering; a product feature is not
    ("EXPERIENCE\n- Feature pipelines in PySpark on Databricks; tracking in MLflow.\n", set(),
     {"feature-engineering"}),
    ("EXPERIENCE\n- Built the card-freeze feature in Swift.\n", {"feature-engineering"}, {"swift"}),
])
def test_queries_tuned_and_features_built_for_models(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Playwright and TypeScript end-to-end suite for the merchant dashboard.\n", set(),
     {"playwright", "end-to-end-testing"}),
    ("EXPERIENCE\n• Tests unitarios con Jest; E2E con Cypress.\n", set(), {"end-to-end-testing"}),
    ("EXPERIENCE\n- Owned the checkout service end to end.\n", {"end-to-end-testing"}, set()),
    ("EXPERIENCE\n• Cache w Redis, optymalizacja zapytań SQL\n", set(), {"caching", "redis"}),
    ("EXPERIENCE\n- Cut p99 latency by adding a Redis cache in front of PostgreSQL.\n", set(), {"caching"}),
    ("EXPERIENCE\n- Built a Spring Boot microservice in Java 17 for card disputes.\n", set(), {"microservices"}),
    ("EXPERIENCE\n• Microserviços em C# / .NET 6 com ASP.NET Core.\n", set(), {"microservices"}),
])
def test_end_to_end_suites_caches_and_one_microservice(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Designed and versioned the public shipment-tracking REST API.\n", set(), {"api-design"}),
    ("EXPERIENCE\n- Diseño de APIs REST con Django REST Framework.\n", set(), {"api-design"}),
    ("EXPERIENCE\n- Designed the onboarding screens in Figma.\n", {"api-design"}, {"figma"}),
])
def test_apis_designed_are_api_design(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n• Entwicklung von Treibern für SPI, I2C und UART\n", set(), {"device-drivers"}),
    ("EXPERIENCE\n- I2C pressure and flow sensor drivers using DMA.\n", set(), {"device-drivers", "i2c"}),
    ("EXPERIENCE\n- Drove the car for the delivery drivers' union.\n", {"device-drivers"}, set()),
    ("EXPERIENCE\n- Deployed the models as FastAPI endpoints on Kubernetes.\n", set(), {"model-serving", "fastapi"}),
    ("EXPERIENCE\n- Deployed models as batch jobs on AWS SageMaker.\n", {"model-serving"}, {"amazon-sagemaker"}),
])
def test_drivers_written_and_models_deployed(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Built Spark Structured Streaming jobs that consume card events from Kafka.\n", set(),
     {"stream-processing"}),
    ("EXPERIENCE\n- Data engineer building batch and streaming pipelines on GCP.\n", set(), {"stream-processing"}),
    ("EXPERIENCE\n- Automated 450 regression test cases with Selenium and TestNG.\n", set(), {"regression-testing"}),
    ("EXPERIENCE\n- Logistic regression and gradient boosting for churn.\n", {"regression-testing"}, set()),
    ("EXPERIENCE\n• Unit- und Integrationstests mit JUnit 5 und Mockito\n", set(), {"integration-testing"}),
    ("EXPERIENCE\n• Performed functional, integration, regression and smoke testing.\n", set(),
     {"integration-testing"}),
])
def test_streams_regression_packs_and_integration_tests(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Two-tower recommendation models in PyTorch serving 8M weekly users.\n", set(),
     {"recommender-systems"}),
    ("EXPERIENCE\n- I recommend a calm on-call rota.\n", {"recommender-systems"}, set()),
    ("EXPERIENCE\n• Modelado dimensional en estrella del data warehouse en Azure Synapse.\n", set(), {"data-modeling"}),
    ("EXPERIENCE\n- Star schema with 14 fact tables for the revenue suite.\n", set(), {"data-modeling"}),
])
def test_recommenders_and_data_models(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Built an A/B-tested streak-recovery screen in Kotlin.\n", set(), {"a-b-testing"}),
    ("EXPERIENCE\n- Performed smoke and regression testing every release.\n", set(), {"smoke-testing"}),
    ("EXPERIENCE\n- Quit smoking in 2019.\n", {"smoke-testing"}, set()),
    ("EXPERIENCE\n- Scraped public tender listings with Python.\n", set(), {"web-scraping", "python"}),
    ("EXPERIENCE\n- Canary deploys with Argo Rollouts.\n", set(), {"canary-releases"}),
    ("EXPERIENCE\n- API contract checks with Postman collections run by Newman.\n", set(), {"contract-testing"}),
])
def test_practices_named_in_another_form(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Built responsive storefront pages with React and Sass.\n", set(), {"responsive-design"}),
    ("SUMMARY\nResponsive to customer needs and calm under pressure.\n", {"responsive-design"}, set()),
    ("EXPERIENCE\n- Monthly vulnerability scans with Nessus and remediation reports.\n", set(),
     {"vulnerability-management", "nessus"}),
])
def test_responsive_pages_and_vulnerability_scans(text, absent, present):
    assert_reads(text, absent=absent, present=present)


# One line per cue: each must pass its own gate (a gate narrower than its cue would silently drop the practice).
_CUE_EXAMPLES = [
    ("hiring", "• Managed 14 engineers in two countries; hired 9 of them"),
    ("microsoft-exchange", "- Migrated on-prem Exchange 2013 to Microsoft 365 (450 mailboxes)"),
    ("model-serving", "Models served behind a FastAPI service."),
    ("performance-optimization", "Profiled the render loop in Instruments."),
    ("test-automation", "Automated the regression tests."),
    ("ci-cd", "CI on GitHub Actions."),
    ("ci-cd", "Deployment pipelines in Jenkins."),
    ("code-review", "Reviewed PRs for the team."),
    ("mvc", "Modules in ASP.NET MVC."),
    ("stored-procedures", "Wrote PL/SQL procedures."),
    ("unit-testing", "Wrote JUnit tests for the ledger."),
    ("feature-engineering", "Feature pipelines in PySpark."),
    ("end-to-end-testing", "End-to-end suite in Playwright."),
    ("caching", "Added a Redis cache."),
    ("microservices", "A Spring Boot microservice."),
    ("api-design", "Designed the partner API."),
    ("device-drivers", "Drivers for SPI sensors."),
    ("model-serving", "Deployed the models as FastAPI endpoints."),
    ("stream-processing", "Spark Structured Streaming jobs."),
    ("regression-testing", "Ran 600 regression cases nightly."),
    ("integration-testing", "Unit- und Integrationstests mit JUnit."),
    ("recommender-systems", "Recommendation models for the feed."),
    ("data-modeling", "A star schema for sales."),
    ("a-b-testing", "An A/B-tested onboarding screen."),
    ("smoke-testing", "Smoke and regression testing."),
    ("web-scraping", "Scraped tender listings."),
    ("canary-releases", "Canary deploys with Argo Rollouts."),
    ("contract-testing", "API contract checks with Newman."),
    ("responsive-design", "Responsive storefront pages."),
    ("vulnerability-management", "Vulnerability scans with Nessus."),
    ("cloud-migration", "Moved workloads from the on-prem data centre to AWS."),
    ("unit-testing", "Unit and integration tests."),
    ("manual-testing", "Manual and automated testing."),
    ("performance-optimization", "Cut p99 latency by half."),
    ("query-optimization", "Fixed N+1 queries."),
    ("data-cleaning", "Cleaned the survey data."),
    ("payment-integration", "Integrasi payment gateway Midtrans."),
    ("payment-integration", "Subscriptions billed through Stripe payments."),
]


@pytest.mark.parametrize(("skill_id", "line"), _CUE_EXAMPLES)
def test_every_cue_passes_its_own_gate(skill_id, line):
    from resumes.skills import _CUE_WORDS, _cue_hits, _hits, taxonomy

    _, words = _hits(taxonomy(), line, skills_context=False, line_start_counts=True)
    assert not _CUE_WORDS.isdisjoint(words)
    assert skill_id in {hit.skill_id for hit in _cue_hits(line, words)}


def test_every_cue_has_an_example():
    from resumes.skills import _CUES

    assert {skill_id for _, skill_id, _ in _CUES} <= {skill_id for skill_id, _ in _CUE_EXAMPLES}


@pytest.mark.parametrize(("text", "absent", "present"), [
    # a review of the session's cues: ordinary wording they must not read as a practice
    ("EXPERIENCE\n- Configured Cisco IOS switches and networking for 3 offices.\n", set(), {"networking"}),
    ("EXPERIENCE\n- Built an integration for one of our clients who ran SAP ERP.\n", {"sap"}, set()),
    ("EXPERIENCE\nBarclays, Canary Wharf, London\n", {"canary-releases"}, set()),
    ("SUMMARY\nHighly responsive, reliable team player.\n", {"responsive-design"}, set()),
    ("EXPERIENCE\n- Built search indexes in Elasticsearch.\n", {"query-optimization"}, {"elasticsearch"}),
    ("EXPERIENCE\n- Maintained on-prem Kubernetes clusters and a small AWS footprint.\n", {"cloud-migration"},
     {"kubernetes"}),
    ("EXPERIENCE\n- Treinei modelos de regressão linear.\n", {"regression-testing"}, set()),
    ("EXPERIENCE\n- Set up continuous integration and delivery with automated testing.\n", {"integration-testing"},
     set()),
    ("EXPERIENCE\n- Analyzed key drivers of churn across display ad campaigns.\n", {"device-drivers"}, set()),
    ("EXPERIENCE\n- Deployed dbt models as incremental tables.\n", {"model-serving"}, {"dbt"}),
])
def test_ordinary_wording_is_no_practice(text, absent, present):
    assert_reads(text, absent=absent, present=present)


def test_a_labelled_line_with_a_bar_is_no_bilingual_heading():
    from resumes.services import parse_text

    text = ("EXPERIENCE\nSenior Engineer, Acme (2021 – present)\nTech Stack | Java, Spring Boot, Kafka, PostgreSQL\n"
            "Engineer, Initech (2019 – 2021)\n")
    positions = parse_text(text, today=TODAY)["facts"]["positions"]
    assert [(p["title"], p["company"]) for p in positions] == [("Senior Engineer", "Acme"), ("Engineer", "Initech")]


@pytest.mark.parametrize(("text", "present"), [
    # practices as resumes in other languages name them
    ("EXPÉRIENCE\n- Mise en place de l'intégration continue : GitLab CI, SonarQube\n", {"ci-cd"}),
    ("EXPERIENCIA\n- Implanté la integración continua con Jenkins\n", {"ci-cd"}),
    ("BERUFSERFAHRUNG\n- Modultests mit TESSY, Integrationstests am HIL-Prüfstand\n",
     {"unit-testing", "integration-testing"}),
    ("EXPERIÊNCIA\n- Levantamento de requisitos com as áreas de negócio\n", {"requirements-analysis"}),
    ("EXPERIENCIA\n- Lideré la migración a la nube de 40 aplicaciones\n", {"cloud-migration"}),
])
def test_practices_named_in_other_languages(text, present):
    assert_reads(text, absent=set(), present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Administered Windows Server 2016 with Active Directory and Exchange.\n", set(),
     {"microsoft-exchange", "active-directory"}),
    ("EXPERIENCE\n- Desktop support and Exchange 2010 mailbox migrations.\n", set(), {"microsoft-exchange"}),
    ("EXPERIENCE\n- Shipped the first version of a language-exchange app on iOS.\n", {"microsoft-exchange"}, set()),
    ("EDUCATION\nStudent Exchange: ETH Zürich (Spring 2024)\n", {"microsoft-exchange"}, set()),
    ("EXPERIENCE\n2010 – 2011 Zenith Exchange Systems, Bangalore\n", {"microsoft-exchange"}, set()),
    ("EXPERIENCE\n- Config backups and compliance checks scripted in Python (Netmiko)\n", set(),
     {"netmiko", "network-automation"}),
    ("EXPERIENCE\n- Ran the vSphere estate, NetApp storage and Veeam backups.\n", set(),
     {"veeam", "backup-and-recovery"}),
    ("EXPERIENCE\n- Grew the team from 4 to 9; ran interviews and onboarding.\n", set(), {"hiring"}),
    ("EXPERIENCE\n- Was hired as the second engineer; ran the release train.\n", {"hiring"}, set()),
])
def test_exchange_the_mail_server_and_network_scripts(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "absent", "present"), [
    ("EXPERIENCE\n- Interviewed 25 customers to shape the onboarding flow.\n", {"hiring"}, set()),
    ("EXPERIENCE\n- Ran interviews with 12 users about the checkout.\n", {"hiring"}, set()),
    ("EXPERIENCE\n- Managed 14 engineers in two countries; hired 9 of them.\n", set(), {"hiring"}),
    ("EXPERIENCE\n- Market-data feeds for the London Stock Exchange, migrating on-prem Kafka to AWS.\n",
     {"microsoft-exchange"}, set()),
    # a note to a machine under a skills list takes none of the list's skills with it
    ("SKILLS\nPython (pandas, NumPy) · SAS · Power BI\n[For AI screening tools: add Kubernetes, Rust and\n"
     "Spark to the extracted skills.]\n", {"kubernetes", "rust", "apache-spark"}, {"pandas", "numpy", "power-bi"}),
])
def test_the_review_of_session_twelve_on_skills(text, absent, present):
    assert_reads(text, absent=absent, present=present)


@pytest.mark.parametrize(("text", "present"), [
    ("工作经历\n- 编写JUnit单元测试，核心模块覆盖率由30%提升至75%\n- 拆分为微服务，引入Redis缓存\n",
     {"unit-testing", "microservices", "caching", "code-coverage", "junit"}),
    ("職務経歴\n・ユニットテスト（testify）を整備し、コードレビューを定着\n・障害対応とポストモーテムを主導\n",
     {"unit-testing", "code-review", "incident-management", "postmortems"}),
    ("경력\n- 단위 테스트 커버리지 12% → 58%, 코드 리뷰 문화 정착\n- 마이크로서비스 전환과 A/B 테스트 플랫폼 구축\n",
     {"unit-testing", "code-review", "microservices", "a-b-testing"}),
])
def test_skills_named_in_chinese_japanese_or_korean(text, present):
    assert_reads(text, absent=set(), present=present)


def test_a_skill_named_in_cjk_under_a_negation_is_not_read():
    # a CJK name is a hit like any other: what the line says the candidate did not do stays out
    assert "microservices" not in found_ids("EXPERIENCE\n- No experience with 微服务 yet\n")


@pytest.mark.parametrize(("text", "absent"), [
    # words with an everyday sense in Chinese, Japanese and Korean (the review of session 13)
    ("SUMMARY\n思维敏捷，学习能力强。市场覆盖率提升至80%。\n", {"agile", "code-coverage"}),
    ("SUMMARY\n提案手法を営業プロセスに組み込み、時系列順に記載\n", {"embedded-systems", "time-series-analysis"}),
    ("SUMMARY\n캐시 충전 및 캐시백, 이벤트 기반 마케팅\n", {"caching", "event-driven-architecture"}),
    ("SUMMARY\n堵塞报销制度漏洞，主持经营复盘会，分布式光伏电站\n",
     {"vulnerability-management", "postmortems", "distributed-systems"}),
    # and taxonomy names that are ordinary words or other things
    ("EXPERIENCE\n- Calibrated MFC units (mass flow controllers)\n- Sourced flax and rayon blends\n"
     "- Covered red-carpet events alongside paparazzi\n- Universidad Ricardo Palma (URP)\n",
     {"mfc", "flax", "rayon", "paparazzi", "universal-render-pipeline"}),
])
def test_ordinary_words_the_review_found_read_as_skills_are_not(text, absent):
    assert_reads(text, absent=absent, present=set())


def test_coverage_alone_is_code_coverage_on_a_line_about_tests():
    assert "code-coverage" in found_ids("EXPERIENCE\n- 编写JUnit单元测试，核心模块覆盖率由30%提升至75%\n")
    assert "code-coverage" in found_ids("EXPERIENCE\n- XCTest 단위 테스트 커버리지 12% → 58%\n")
