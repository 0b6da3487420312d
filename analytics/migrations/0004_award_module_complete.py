"""The "Module regular" badge (10 problems solved in one module) could not be earned with the shipped bank (6 problems
a module); it is now "Module finished" (every problem of a module), code `module_complete`. An award given under the
old code keeps its row under the new one (the catalogue looks awards up by code)."""

from django.db import migrations


def rename(old: str, new: str):
    def run(apps, schema_editor):
        apps.get_model("analytics", "Award").objects.filter(code=old).update(code=new)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ("analytics", "0003_position_outcome"),
    ]

    operations = [
        migrations.RunPython(rename("module_10", "module_complete"), rename("module_complete", "module_10")),
    ]
