from shop.api.views import render
