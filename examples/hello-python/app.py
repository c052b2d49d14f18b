"""Nexus example: a Flask app without a config file; Nexus detects it (requirements.txt names flask, app.py)."""
import os

from flask import Flask, jsonify, render_template

app = Flask(__name__)


@app.get("/")
def index():
    return render_template("index.html", env=os.environ.get("APP_ENV", "development"))


@app.get("/api/hello")
def hello():
    return jsonify(message="Hello from Flask!")
