from django.urls import path

from samverka.areas import views

app_name = "areas"
urlpatterns = [

]
