"""A hand-written skill-extraction test set: small resumes and the taxonomy skills a careful reader finds in them."""

CASES = [
    ("""Maria Lopez
SKILLS
Python, Django, PostgreSQL, Redis, Docker
EXPERIENCE
Backend Developer, Shopwise | 2019 - Present
Built REST APIs and Celery jobs. I go to meetups and excel at pairing.""",
     {"python", "django", "postgresql", "redis", "docker", "rest-apis", "celery", "pair-programming"}),

    ("""Tom Baker — Frontend Engineer
Tech stack: React, TypeScript, Next.js, Tailwind CSS, Jest, Cypress
Work experience
Frontend Engineer at Pixel (2020 - 2024): moved the app from Webpack to Vite, added Storybook.""",
     {"react", "typescript", "next-js", "tailwind-css", "jest", "cypress", "webpack", "vite", "storybook"}),

    ("""SUMMARY
DevOps engineer focused on k8s, Terraform and AWS.
SKILLS
Kubernetes | Helm | Argo CD | Prometheus | Grafana | GitHub Actions | Bash
EXPERIENCE
SRE at CloudCo, 2018 - Present. Ran EKS clusters, wrote Ansible playbooks, on-call rotation.""",
     {"kubernetes", "terraform", "amazon-web-services", "helm", "argo-cd", "prometheus", "grafana",
      "github-actions", "bash", "amazon-eks", "ansible", "site-reliability-engineering"}),

    ("""Languages: C++, C#, C, Rust
Frameworks: .NET, ASP.NET Core, Entity Framework
Experience: Game developer at Studio 7 (2015-2020) writing C++ engines with OpenGL and Vulkan.""",
     {"cpp", "csharp", "c", "rust", "dotnet", "aspnet-core", "entity-framework", "opengl", "vulkan"}),

    ("""Priya N.
Data engineer. 5 years of experience.
Skills: SQL, Python, Apache Spark, Airflow, Snowflake, dbt, Kafka
Projects
Streaming pipeline with Flink writing Parquet to S3; orchestrated with Dagster.""",
     {"sql", "python", "apache-spark", "apache-airflow", "snowflake", "dbt", "apache-kafka", "apache-flink",
      "apache-parquet", "amazon-s3", "dagster", "stream-processing"}),

    ("""ML ENGINEER
Skills
PyTorch, TensorFlow, scikit-learn, Pandas, NumPy, MLflow
Experience
Trained NLP models with Hugging Face transformers; deployed them on SageMaker; ran A/B testing.""",
     {"pytorch", "tensorflow", "scikit-learn", "pandas", "numpy", "mlflow", "natural-language-processing",
      "hugging-face", "amazon-sagemaker", "a-b-testing"}),

    ("""Mobile developer
Skills: Kotlin, Swift, Jetpack Compose, SwiftUI, Firebase, Room, Retrofit
Experience
Shipped Android and iOS apps; set up Fastlane releases.""",
     {"kotlin", "swift", "jetpack-compose", "swiftui", "firebase", "room", "retrofit", "android", "ios",
      "fastlane"}),

    ("""QA Engineer
Test automation with Selenium and Playwright in Java (JUnit, TestNG). API tests in Postman.
Load testing with JMeter and k6. Wrote test plans and did regression testing.""",
     {"test-automation", "selenium", "playwright", "java", "junit", "testng", "postman", "load-testing", "jmeter",
      "k6", "test-planning", "regression-testing", "api-testing"}),

    ("""Golang developer
Built gRPC microservices in Go with Gin; message queues on RabbitMQ and NATS; data in CockroachDB.
Skills: Go, Docker, Linux""",
     {"go", "grpc", "microservices", "gin", "message-queues", "rabbitmq", "nats", "cockroachdb", "docker",
      "linux"}),

    ("""Full-stack developer
Node.js + Express, Vue.js 3 with Pinia, MongoDB with Mongoose, deployed on Heroku and Netlify.
Agile / Scrum team, code reviews every day.""",
     {"node-js", "express-js", "vue-js", "pinia", "mongodb", "mongoose", "heroku", "netlify", "agile", "scrum",
      "code-review"}),

    ("""Skills
Ruby, Ruby on Rails, Sidekiq, PostgreSQL, RSpec, Capybara
Experience
Rails developer 2014 - 2022; moved the monolith to GCP (GKE, Cloud Run, BigQuery).""",
     {"ruby", "ruby-on-rails", "sidekiq", "postgresql", "rspec", "monolith", "google-cloud-platform",
      "google-kubernetes-engine", "google-cloud-run", "google-bigquery"}),

    ("""PHP developer with Laravel and Symfony, MySQL and MariaDB, jQuery front ends.
Wrote unit tests with PHPUnit. Familiar with Nginx and Apache HTTP Server on Ubuntu.""",
     {"php", "laravel", "symfony", "mysql", "mariadb", "jquery", "unit-testing", "nginx",
      "apache-http-server", "ubuntu", "phpunit"}),

    ("""Security engineer
Penetration testing (Burp Suite), threat modeling, OWASP Top 10, SAST with Snyk and SonarQube.
Keycloak for SSO; OAuth2 and OpenID Connect; TLS everywhere.""",
     {"penetration-testing", "burp-suite", "threat-modeling", "owasp", "static-analysis", "snyk", "sonarqube",
      "keycloak", "single-sign-on", "oauth-2-0", "openid-connect", "tls"}),

    ("""Java engineer
Spring Boot, Spring Cloud, Hibernate, Maven, Gradle, JUnit 5, Mockito.
Kafka and Redis; Oracle and Postgres databases; deployed to OpenShift.""",
     {"java", "spring-boot", "spring-cloud", "hibernate", "maven", "gradle", "junit", "mockito", "apache-kafka",
      "redis", "oracle-database", "postgresql", "openshift"}),

    ("""Profile
Engineering manager. Leadership, mentoring, stakeholder management, hiring.
Ran OKRs and sprint planning for three teams using Jira and Confluence.""",
     {"leadership", "mentoring", "stakeholder-management", "hiring", "okrs", "sprint-planning", "jira",
      "confluence"}),

    ("""Skills: JavaScript (ES6), HTML5, CSS3, Sass, Angular, RxJS, NgRx, Karma, Jasmine
Worked on accessibility (WCAG) and PWA features.""",
     {"javascript", "html", "css", "sass", "angular", "rxjs", "ngrx", "karma", "jasmine", "accessibility",
      "progressive-web-apps"}),

    ("""Data analyst
Excel, Tableau, Power BI, SQL, R
Statistics and A/B tests; dashboards in Looker. I excel at explaining numbers to the rest of the team.""",
     {"excel", "tableau", "power-bi", "sql", "r", "statistics", "a-b-testing", "looker"}),

    ("""Embedded developer
C and C++ on ARM; RTOS; firmware for IoT devices; Python for tooling; Git and CMake.""",
     {"c", "cpp", "real-time-systems", "embedded-systems", "internet-of-things", "python", "git", "cmake"}),

    ("""Cloud architect
Azure (AKS, Azure Functions, Cosmos DB), Bicep, Terraform, Azure DevOps pipelines.
Designed event-driven architecture with CQRS and event sourcing.""",
     {"microsoft-azure", "azure-kubernetes-service", "azure-functions", "cosmos-db", "terraform", "azure-devops",
      "event-driven-architecture", "cqrs", "event-sourcing", "azure-bicep"}),

    ("""Skills
Elixir, Phoenix, Erlang, PostgreSQL, GraphQL (Absinthe), Docker
Experience
Built real-time features with WebSockets; deployed with GitLab CI.""",
     {"elixir", "phoenix", "erlang", "postgresql", "graphql", "docker", "websockets", "gitlab-ci"}),

    ("""Junior developer
Skills: Python, Flask, SQLite, HTML, CSS, Git
Education: BSc Computer Science, 2023. Strong communication and teamwork; a solid understanding of OOP.""",
     {"python", "flask", "sqlite", "html", "css", "git", "communication", "teamwork",
      "object-oriented-programming"}),

    ("""Site reliability
Linux, systemd, HAProxy, Envoy, Istio, OpenTelemetry, Jaeger, Datadog, PagerDuty.
Wrote Python and Go tools. Chaos engineering game days.""",
     {"linux", "systemd", "haproxy", "envoy", "istio", "opentelemetry", "jaeger", "datadog", "pagerduty",
      "python", "go", "chaos-engineering"}),
]
