// Nothing of its own: the library that holds the precompiled headers every test suite reuses.
