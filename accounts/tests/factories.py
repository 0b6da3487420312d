"""factory-boy factories for accounts."""

import factory

from accounts.models import MentorAssignment, Role, User

DEFAULT_PASSWORD = "correct-horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    role = Role.CANDIDATE
    # Hashed before the row is created: a user made by a factory is a new account, not a password change (which
    # would sign the account out everywhere: accounts.signals).
    password = factory.django.Password(DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):  # noqa: N805
        """A verified primary email address (allauth) unless created with verified=False."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.update_or_create(user=obj, email=obj.email,
                                                  defaults={"verified": True, "primary": True})


class CandidateFactory(UserFactory):
    role = Role.CANDIDATE


class ExpertFactory(UserFactory):
    role = Role.EXPERT
    is_staff = True


class MentorFactory(UserFactory):
    role = Role.MENTOR


class MentorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    mentor = factory.SubFactory(MentorFactory)
    candidate = factory.SubFactory(CandidateFactory)
    active = True


class AdminFactory(UserFactory):
    role = Role.ADMIN
    is_staff = True
    is_superuser = True
