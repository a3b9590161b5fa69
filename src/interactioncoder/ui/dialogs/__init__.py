"""Dialogs and popups of the coding workspace (coder choice, modifiers, relink, preferences,
progress). None of them touches the project store: they return what the user chose."""
