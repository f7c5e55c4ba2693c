"""Map page: the essay's actors, borders, the Wakhan Corridor and risk layers, with the claim panel.

Thin by design: composition is :mod:`ui.views.map`.
"""

from ui.views.map import render

render()
