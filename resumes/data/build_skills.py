"""Builds resumes/data/skills.json from the readable table below. Run it after editing the table:

    /work/main/.venv/bin/python resumes/data/build_skills.py

Each line: `Name | alias, alias | context alias, context alias`. A name starting with `~` is an ordinary word too
("Go", "R", "Less"): it, like every context alias, only counts when written with that exact case inside a skills
section or a comma/bullet list. Plain aliases match anywhere, ignoring case and separators ("-", "/", " ").
"""

from __future__ import annotations

import json
import re
from pathlib import Path

CATEGORIES = {
    "languages": "Programming languages",
    "frontend": "Front-end",
    "backend": "Back-end frameworks",
    "mobile": "Mobile",
    "databases": "Databases and data stores",
    "cloud": "Cloud platforms and services",
    "devops": "DevOps, CI/CD and infrastructure",
    "data": "Data engineering",
    "ml": "Machine learning and AI",
    "testing": "Testing and QA",
    "tools": "Tools",
    "architecture": "Architecture and protocols",
    "security": "Security",
    "methodologies": "Methodologies and practices",
    "soft_skills": "Soft skills",
}

TABLE = {
"languages": """
Python | python3, py3, cpython |
Java | java8, java 11, java 17, java se, core java |
JavaScript | js, javascript es6, es6, es2015, ecmascript, vanilla js |
TypeScript | ts |
~Go | golang |
Rust | rustlang |
C++ | cpp, cplusplus, c plus plus, modern c++ |
~C | ansi c, c99, c11 |
C# | csharp, c sharp |
Kotlin | |
Swift | swiftlang, swift 5 |
Objective-C | objc, obj-c, objective c |
~Ruby | |
PHP | php7, php8 |
Scala | |
~R | r language, rlang |
Perl | |
Haskell | |
Elixir | |
Erlang | |
Clojure | |
F# | fsharp |
Dart | |
Lua | |
~Julia | julialang |
MATLAB | |
Groovy | |
Bash | bash scripting, shell scripting, sh |
PowerShell | pwsh |
SQL | structured query language |
T-SQL | tsql, transact-sql |
PL/SQL | plsql |
Visual Basic | vb.net, vba, vb |
Fortran | |
COBOL | |
~Assembly | asm, x86 assembly, arm assembly |
Solidity | |
OCaml | |
Zig | ziglang |
Nim | |
~Crystal | crystal lang |
~Elm | elm lang |
~Scheme | |
Common Lisp | lisp |
Prolog | |
~Apex | salesforce apex |
ABAP | |
Delphi | object pascal |
~Pascal | |
~Ada | |
VHDL | |
Verilog | systemverilog |
GraphQL SDL | graphql schema language |
WebAssembly | wasm |
CoffeeScript | |
~Hack | hacklang |
Smalltalk | |
""",
"frontend": """
HTML | html5 |
CSS | css3 |
React | react.js, reactjs, react js |
Angular | angular.js, angularjs, angular 2+ |
Vue.js | vue, vuejs, vue 3, vue.js 3 |
Svelte | sveltejs |
SvelteKit | |
Next.js | nextjs, next js |
Nuxt.js | nuxt, nuxtjs |
Gatsby | gatsbyjs |
~Remix | remix run |
SolidJS | solid.js |
Preact | |
Ember.js | emberjs, ember |
Backbone.js | backbonejs |
jQuery | jquery ui |
Redux | redux toolkit, rtk |
MobX | |
Zustand | |
~Recoil | |
RxJS | reactive extensions |
NgRx | |
Vuex | |
Pinia | |
Sass | scss |
~Less | less.js | LESS |
Tailwind CSS | tailwind, tailwindcss |
Bootstrap | twitter bootstrap |
Material UI | mui, material-ui |
Chakra UI | |
Ant Design | antd |
Styled Components | styled-components |
~Emotion | emotion css |
CSS Modules | |
Webpack | |
Vite | vitejs |
Rollup | rollup.js |
esbuild | |
~Parcel | parcel bundler |
Babel | babeljs |
Storybook | |
Three.js | threejs |
D3.js | d3, d3js |
Chart.js | chartjs |
WebGL | |
Web Components | custom elements |
htmx | |
Alpine.js | alpinejs |
Astro | astro.build |
Qwik | |
~Lit | lit element, lit-element |
Accessibility | a11y, wcag, web accessibility |
Responsive Design | responsive web design |
Progressive Web Apps | pwa, pwas |
Server-Side Rendering | ssr |
Micro Frontends | micro-frontends, microfrontends |
""",
"backend": """
Django | django framework |
Django REST Framework | drf, django rest |
Flask | |
FastAPI | fast api |
~Pyramid | |
~Tornado | |
aiohttp | |
Celery | |
Node.js | node, nodejs, node js |
Express.js | expressjs, express js | Express |
NestJS | nest.js |
Koa | koa.js, koajs |
Fastify | |
Hapi | hapi.js |
Spring | spring framework |
Spring Boot | springboot |
Spring Cloud | |
Hibernate | |
Jakarta EE | java ee, j2ee |
Quarkus | |
Micronaut | |
Vert.x | vertx |
Dropwizard | |
Ruby on Rails | rails, ror |
Sinatra | |
Laravel | |
Symfony | |
CodeIgniter | |
Yii | |
ASP.NET | asp.net mvc, aspnet |
ASP.NET Core | aspnet core, asp.net core mvc |
.NET | dotnet, .net framework, .net 6 |
.NET Core | dotnet core |
Entity Framework | ef core, entity framework core |
Blazor | |
~Phoenix | phoenix framework |
~Gin | gin gonic, gin-gonic |
~Echo | echo framework |
~Fiber | gofiber |
Actix | actix web, actix-web |
Axum | |
~Rocket | rocket.rs |
Tokio | |
Play Framework | play framework scala |
Akka | |
Ktor | |
gRPC | grpc-web |
Apollo GraphQL | apollo server, apollo client |
GraphQL | graphql api |
Strapi | |
SQLAlchemy | |
Prisma | prisma orm |
TypeORM | |
Sequelize | |
Mongoose | |
Pydantic | |
Deno | |
~Bun | bun.js |
""",
"mobile": """
Android | android sdk, android development |
iOS | ios development, ios sdk |
React Native | react-native |
Flutter | |
SwiftUI | |
UIKit | |
Jetpack Compose | compose multiplatform |
Xamarin | |
.NET MAUI | maui |
Ionic | ionic framework |
Cordova | apache cordova, phonegap |
~Capacitor | capacitorjs |
~Expo | expo sdk |
Kotlin Multiplatform | kmp, kmm |
Core Data | |
~Room | android room |
~Retrofit | |
Firebase | firebase sdk |
Xcode | |
Android Studio | |
Gradle | |
CocoaPods | |
Fastlane | |
App Store Connect | |
Google Play Console | play console |
""",
"databases": """
PostgreSQL | postgres, postgresql 15, psql, pgsql |
MySQL | |
MariaDB | |
SQLite | sqlite3 |
Microsoft SQL Server | sql server, mssql, ms sql |
Oracle Database | oracle db, oracle 19c, oracle sql | Oracle
MongoDB | mongo |
Redis | |
Memcached | |
Cassandra | apache cassandra |
ScyllaDB | scylla |
DynamoDB | amazon dynamodb, aws dynamodb |
Couchbase | |
CouchDB | apache couchdb |
Neo4j | |
Elasticsearch | elastic search |
OpenSearch | |
Solr | apache solr |
InfluxDB | |
TimescaleDB | timescale |
ClickHouse | |
CockroachDB | cockroach db |
Firestore | cloud firestore |
~Realm | realm db |
HBase | apache hbase |
Amazon Aurora | aws aurora | Aurora
Amazon RDS | rds |
Cosmos DB | azure cosmos db, cosmosdb |
Supabase | |
PlanetScale | |
Pinecone | |
Weaviate | |
Milvus | |
pgvector | |
Vector Databases | vector database, vector db |
Database Design | schema design, database schema design |
Query Optimization | query tuning, sql optimization |
Database Replication | replication |
Database Sharding | sharding |
ORM | object relational mapping |
NoSQL | |
Relational Databases | rdbms |
Stored Procedures | |
""",
"cloud": """
Amazon Web Services | aws, amazon aws |
Microsoft Azure | azure |
Google Cloud Platform | gcp, google cloud |
AWS Lambda | lambda functions |
Amazon EC2 | ec2 |
Amazon S3 | s3, aws s3 |
Amazon ECS | ecs, aws ecs |
Amazon EKS | eks, aws eks |
AWS Fargate | fargate |
Amazon SQS | sqs, aws sqs |
Amazon SNS | sns, aws sns |
Amazon Kinesis | kinesis |
AWS CloudFormation | cloudformation |
AWS CDK | cdk |
Amazon CloudWatch | cloudwatch |
AWS IAM | iam |
Amazon API Gateway | api gateway, aws api gateway |
Amazon CloudFront | cloudfront |
Amazon Route 53 | route 53, route53 |
AWS Step Functions | step functions |
Amazon SageMaker | sagemaker |
Amazon Redshift | redshift |
AWS Glue | aws glue jobs | Glue
Amazon EMR | emr |
Amazon Athena | athena |
Amazon VPC | vpc |
Elastic Beanstalk | aws elastic beanstalk |
Azure Functions | |
Azure DevOps | azure pipelines, vsts |
Azure Kubernetes Service | aks |
Azure App Service | |
Azure Blob Storage | blob storage |
Azure Active Directory | azure ad, entra id |
Azure Data Factory | adf |
Google Kubernetes Engine | gke |
Google Cloud Run | cloud run |
Google Cloud Functions | cloud functions |
Google BigQuery | bigquery |
Google Cloud Storage | gcs |
Google Pub/Sub | pub/sub, pubsub, cloud pub/sub |
Google App Engine | app engine, gae |
Firebase Hosting | |
Heroku | |
DigitalOcean | digital ocean |
Vercel | |
Netlify | |
Cloudflare | cloudflare workers |
Linode | akamai linode |
OpenStack | |
Serverless | serverless framework, serverless architecture |
IBM Cloud | |
Oracle Cloud | oci |
Alibaba Cloud | aliyun |
""",
"devops": """
Docker | docker compose, docker-compose, dockerfile |
Kubernetes | k8s, kube, kubectl |
Helm | helm charts |
Kustomize | |
OpenShift | |
Podman | |
containerd | |
Terraform | hcl |
OpenTofu | |
Pulumi | |
Ansible | |
~Chef | chef infra | Chef |
~Puppet | puppet enterprise | Puppet |
SaltStack | | Salt
Vagrant | |
Packer | hashicorp packer |
Consul | hashicorp consul |
~Vault | hashicorp vault |
~Nomad | hashicorp nomad |
Jenkins | jenkins pipelines |
GitHub Actions | gh actions |
GitLab CI | gitlab ci/cd, gitlab pipelines |
CircleCI | circle ci |
Travis CI | travis |
TeamCity | |
Bamboo | atlassian bamboo |
Argo CD | argocd |
Argo Workflows | |
~Flux | fluxcd |
Spinnaker | |
Tekton | |
CI/CD | continuous integration, continuous delivery, continuous deployment, ci cd |
GitOps | |
Infrastructure as Code | iac |
Prometheus | |
Grafana | |
Datadog | |
New Relic | newrelic |
Splunk | |
ELK Stack | elk, elastic stack |
Logstash | |
Kibana | |
Fluentd | fluent bit, fluentbit |
Jaeger | |
OpenTelemetry | otel |
Sentry | |
PagerDuty | |
Nagios | |
Zabbix | |
Istio | |
Linkerd | |
Envoy | envoy proxy |
Nginx | |
Apache HTTP Server | apache httpd, httpd |
HAProxy | |
Traefik | |
Caddy | |
Linux | gnu/linux |
Ubuntu | |
Debian | |
CentOS | |
Red Hat Enterprise Linux | rhel, red hat |
Unix | |
Windows Server | |
systemd | |
Site Reliability Engineering | sre |
Observability | |
Monitoring | alerting |
Load Balancing | load balancer, load balancers |
Networking | tcp/ip, computer networking |
DNS | |
Service Mesh | |
Blue-Green Deployment | blue/green deployment, blue green deployments |
Canary Releases | canary deployment, canary deployments |
Chaos Engineering | |
Incident Management | incident response, on-call |
Capacity Planning | |
Disaster Recovery | |
FinOps | cloud cost optimization |
""",
"data": """
Apache Spark | spark, pyspark, spark sql |
Apache Kafka | kafka, kafka streams |
Apache Flink | flink |
Apache Beam | | Beam
Apache Airflow | airflow |
Dagster | |
~Prefect | |
Luigi | |
dbt | data build tool |
Hadoop | apache hadoop, hdfs, mapreduce |
Hive | apache hive |
Presto | prestodb |
Trino | |
Snowflake | |
Databricks | |
Delta Lake | |
Apache Iceberg | iceberg |
Apache Parquet | parquet |
Apache Avro | avro |
RabbitMQ | rabbit mq, amqp |
ActiveMQ | apache activemq |
Apache Pulsar | pulsar |
NATS | nats.io |
ZeroMQ | zmq |
ETL | elt, etl pipelines |
Data Warehousing | data warehouse, dwh |
Data Lakes | data lake, lakehouse |
Data Pipelines | data pipeline |
Stream Processing | streaming, real-time processing |
Batch Processing | |
Pandas | |
NumPy | numpy |
Polars | |
Dask | |
Jupyter | jupyter notebook, jupyterlab, ipython |
Tableau | |
Power BI | powerbi |
Looker | |
Metabase | |
Apache Superset | superset |
~Excel | microsoft excel, ms excel |
Data Visualization | data visualisation, dataviz |
Data Analysis | data analytics |
Data Governance | |
Data Quality | great expectations |
Fivetran | |
Airbyte | |
Informatica | |
Talend | |
Change Data Capture | cdc, debezium |
Data Modeling | data modelling, dimensional modeling, star schema, kimball |
""",
"ml": """
Machine Learning | ml |
Deep Learning | dl |
TensorFlow | tensorflow 2, tf2 |
PyTorch | torch |
Keras | |
scikit-learn | sklearn, scikit learn |
XGBoost | |
LightGBM | |
CatBoost | |
Hugging Face | huggingface, hugging face transformers, transformers library |
JAX | |
ONNX | |
OpenCV | cv2 |
Computer Vision | |
Natural Language Processing | nlp |
Large Language Models | llm, llms |
Generative AI | genai, gen ai |
Prompt Engineering | |
Retrieval-Augmented Generation | rag |
LangChain | |
LlamaIndex | llama index |
OpenAI API | openai, gpt-4, chatgpt api |
spaCy | |
NLTK | |
Reinforcement Learning | |
Neural Networks | neural network, cnn, rnn, lstm |
Transformers | transformer models, attention mechanism |
Recommender Systems | recommendation systems, recommendation engine |
Time Series Analysis | time series, forecasting |
Statistics | statistical analysis, statistical modeling |
A/B Testing | ab testing, split testing |
Feature Engineering | |
MLOps | ml ops |
MLflow | |
Kubeflow | |
Weights & Biases | wandb, weights and biases |
Model Serving | model deployment, triton inference server |
SciPy | |
Matplotlib | |
Seaborn | |
Plotly | |
Statsmodels | |
Anomaly Detection | |
Data Science | |
Bayesian Methods | bayesian statistics, bayesian inference |
CUDA | gpu programming |
Fine-Tuning | fine tuning, lora |
Embeddings | vector embeddings, word2vec |
""",
"testing": """
Unit Testing | unit tests |
Integration Testing | integration tests |
End-to-End Testing | e2e testing, e2e tests, end to end testing |
Test-Driven Development | tdd |
Behavior-Driven Development | bdd, behaviour-driven development |
pytest | py.test |
unittest | |
Jest | jestjs |
Mocha | mochajs |
Chai | chai.js |
Jasmine | |
Karma | karma runner |
Vitest | |
Cypress | cypress.io |
Playwright | |
Selenium | selenium webdriver, webdriver |
Puppeteer | |
Testing Library | react testing library, rtl |
JUnit | junit5, junit 5 |
TestNG | |
Mockito | |
RSpec | |
Cucumber | gherkin |
Postman | |
SoapUI | |
JMeter | apache jmeter |
Gatling | |
k6 | grafana k6 |
Locust | |
Appium | |
Espresso | |
XCTest | xcuitest |
Detox | |
~Hypothesis | property-based testing, property based testing |
Load Testing | performance testing, stress testing |
Manual Testing | exploratory testing |
Test Automation | automated testing, automation testing |
Regression Testing | |
Contract Testing | pact |
Mutation Testing | |
Code Coverage | test coverage |
QA | quality assurance |
Test Planning | test plans, test cases |
Security Testing | |
Usability Testing | user testing |
""",
"tools": """
Git | git flow, gitflow |
GitHub | |
GitLab | |
Bitbucket | |
Subversion | svn |
Mercurial | |
Jira | atlassian jira |
Confluence | |
Trello | |
Asana | |
~Notion | |
~Linear | linear.app |
Slack | |
Figma | |
~Sketch | |
Adobe XD | |
Photoshop | adobe photoshop |
Illustrator | adobe illustrator |
Visual Studio Code | vs code, vscode |
Visual Studio | |
IntelliJ IDEA | intellij |
PyCharm | |
Eclipse | eclipse ide |
Vim | neovim |
Emacs | |
Maven | apache maven |
~Make | gnu make, makefile, makefiles | Make |
CMake | |
Bazel | |
npm | |
Yarn | |
pnpm | |
pip | |
~Poetry | python poetry |
Conda | anaconda, miniconda |
Homebrew | |
Swagger | openapi, swagger ui, openapi spec |
~Insomnia | |
Wireshark | |
Charles Proxy | |
SonarQube | sonarcloud |
ESLint | |
Prettier | |
~Black | black formatter |
Ruff | |
mypy | |
Pylint | flake8 |
Dependabot | |
~Renovate | renovate bot |
Artifactory | jfrog artifactory |
~Nexus | sonatype nexus |
Postgres.app | |
DBeaver | |
pgAdmin | |
Redis Insight | redisinsight |
Lighthouse | google lighthouse |
Chrome DevTools | devtools |
LaTeX | |
Markdown | |
Regex | regular expressions, regexp |
Zapier | |
Airtable | |
Miro | |
Loom | |
tmux | |
SSH | |
""",
"architecture": """
REST APIs | restful, restful apis, rest api, rest apis | REST
SOAP | |
WebSockets | websocket, socket.io |
Server-Sent Events | sse |
HTTP | http/2, https |
OAuth 2.0 | oauth, oauth2 |
OpenID Connect | oidc |
JWT | json web tokens, json web token |
SAML | |
Microservices | microservice architecture, microservices architecture |
Monolith | modular monolith |
Event-Driven Architecture | event driven architecture, event-driven |
Event Sourcing | |
CQRS | |
Domain-Driven Design | ddd, domain driven design |
Clean Architecture | hexagonal architecture, ports and adapters |
Design Patterns | gang of four, gof |
~SOLID | solid principles |
Object-Oriented Programming | oop, object oriented programming, object-oriented design, ood |
Functional Programming | fp |
Concurrency | multithreading, multi-threading, parallel programming |
Asynchronous Programming | async/await, asyncio |
Distributed Systems | |
System Design | systems design |
Scalability | high availability, high-scale |
Caching | caching strategies, cache invalidation |
Message Queues | message queue, message broker, message brokers |
Pub/Sub Messaging | publish/subscribe, publish-subscribe |
API Design | api development |
Webhooks | |
Serialization | protobuf, protocol buffers |
JSON | |
XML | |
YAML | |
Data Structures | |
Algorithms | algorithm design |
Performance Optimization | performance tuning, profiling |
Memory Management | garbage collection |
Networking Protocols | tcp, udp |
Operating Systems | os internals |
Embedded Systems | firmware, embedded c |
Real-Time Systems | rtos |
Blockchain | web3, ethereum |
Internet of Things | iot |
Multi-Tenancy | multi-tenant, multitenancy |
Rate Limiting | throttling |
Idempotency | |
CAP Theorem | |
Consensus Algorithms | raft, paxos |
Service-Oriented Architecture | soa |
Twelve-Factor App | 12-factor, twelve factor |
""",
"security": """
Application Security | appsec |
OWASP | owasp top 10 |
Penetration Testing | pentesting, pen testing, pentest |
Threat Modeling | threat modelling |
Cryptography | encryption |
TLS | ssl, ssl/tls |
Identity and Access Management | identity management |
Zero Trust | zero-trust |
Static Analysis | sast |
Dynamic Analysis | dast |
Vulnerability Management | vulnerability scanning |
Secrets Management | |
Keycloak | |
Auth0 | |
Okta | |
Burp Suite | |
Snyk | |
Trivy | |
Network Security | firewalls |
Cloud Security | |
GDPR | |
SOC 2 | soc2 |
PCI DSS | pci compliance, pci-dss |
HIPAA | |
ISO 27001 | iso/iec 27001 |
Security Auditing | security audits |
Single Sign-On | sso |
Multi-Factor Authentication | mfa, 2fa, two-factor authentication |
DevSecOps | |
""",
"methodologies": """
Agile | agile methodologies, agile development |
Scrum | scrum master |
Kanban | |
~Lean | lean software development |
Extreme Programming | |
~SAFe | scaled agile framework |
Waterfall | |
DevOps | devops culture |
Code Review | code reviews |
Pair Programming | pairing |
Mob Programming | mobbing |
Continuous Improvement | kaizen |
Technical Writing | technical documentation, documentation |
Requirements Analysis | requirements gathering |
Product Management | |
Project Management | |
Sprint Planning | |
Estimation | story points |
Refactoring | |
Technical Debt Management | technical debt, tech debt |
Trunk-Based Development | trunk based development |
Semantic Versioning | semver |
Open Source | open-source contributions, open source contributions |
Inner Source | innersource |
Release Management | |
Change Management | |
ITIL | |
OKRs | okr |
Design Thinking | |
User Experience | ux, ux design |
User Interface Design | ui design, ui/ux |
Prototyping | wireframing, wireframes |
Internationalization | i18n, localization, l10n |
Search Engine Optimization | seo |
Site Analytics | google analytics |
Hiring | interviewing, technical interviews |
Onboarding | |
Architecture Decision Records | adr, adrs |
RFC Process | design docs, design documents |
Postmortems | post-mortems, blameless postmortems |
""",
"soft_skills": """
Communication | communication skills, written communication, verbal communication |
Leadership | team leadership, technical leadership |
Teamwork | team player, collaboration, collaborative |
Mentoring | mentorship, coaching |
Problem Solving | problem-solving, analytical thinking |
Critical Thinking | |
Time Management | |
Adaptability | flexibility |
Creativity | |
Ownership | accountability |
Stakeholder Management | stakeholder communication |
Negotiation | |
Conflict Resolution | |
Decision Making | decision-making |
Empathy | |
Presentation Skills | public speaking, presenting |
Attention to Detail | detail-oriented, detail oriented |
Self-Motivation | self-motivated, self motivated, self-starter |
Cross-Functional Collaboration | cross-functional teams, cross functional |
Customer Focus | customer-centric, customer service |
Strategic Thinking | strategic planning |
Emotional Intelligence | |
People Management | line management, team management |
Remote Work | remote collaboration, distributed teams |
Prioritization | prioritisation |
Continuous Learning | fast learner, quick learner |
Resilience | |
Initiative | proactive |
Organizational Skills | organisational skills, organized |
Facilitation | workshop facilitation |
""",
}

_SLUG = re.compile(r"[^a-z0-9]+")
_SPECIAL_IDS = {"C++": "cpp", "C#": "csharp", "F#": "fsharp", ".NET": "dotnet", ".NET Core": "dotnet-core",
                ".NET MAUI": "dotnet-maui", "ASP.NET": "aspnet", "ASP.NET Core": "aspnet-core"}


def skill_id(name: str) -> str:
    return _SPECIAL_IDS.get(name) or _SLUG.sub("-", name.lower().replace("+", "p").replace("#", "sharp")).strip("-")


def build() -> dict:
    skills = []
    for category, block in TABLE.items():
        for line in block.strip().splitlines():
            name, aliases, context = (part.strip() for part in (line.split("|") + ["", ""])[:3])
            ambiguous = name.startswith("~")
            name = name.lstrip("~")
            entry = {"id": skill_id(name), "name": name, "category": category,
                     "aliases": [a.strip() for a in aliases.split(",") if a.strip()]}
            context_aliases = [a.strip() for a in context.split(",") if a.strip()]
            if ambiguous:
                entry["ambiguous"] = True
            if context_aliases:
                entry["context_aliases"] = context_aliases
            skills.append(entry)
    return {"version": 1, "categories": CATEGORIES, "skills": skills}


if __name__ == "__main__":
    out = Path(__file__).with_name("skills.json")
    data = build()
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {len(data['skills'])} skills to {out}")
