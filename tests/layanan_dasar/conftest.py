import pytest


@pytest.fixture
def katalog(db):
    """The shipped catalogue, loaded through the real loader."""
    from layanan_dasar.services import katalog_muat

    katalog_muat()
