"""The ground every app stands on: helpers that import no app of the project (exports, chart
styling, the client's address). Apps import from here; the project package around it (settings,
urls, celery, role routing) imports the apps, never the other way round."""
