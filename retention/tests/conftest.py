"""The retention tests' personas besides the shared ones: Iwona is the data protection officer of
centre A, Bogna that of centre B. Uploads go to a folder of the test's own."""

import pytest

from conftest import person
from familysupport.models import Role


@pytest.fixture
def iwona(centre_a):
    return person("iwona", centre_a, Role.DPO)


@pytest.fixture
def bogna(centre_b):
    return person("bogna", centre_b, Role.DPO)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
