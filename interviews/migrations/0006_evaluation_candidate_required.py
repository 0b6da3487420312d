import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('interviews', '0005_evaluation_candidate'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name='evaluation',
            name='candidate',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+',
                                    to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddIndex(
            model_name='evaluation',
            index=models.Index(fields=['candidate', 'evaluated_at'], include=('category', 'overall'),
                               name='evaluation_candidate_time'),
        ),
    ]
