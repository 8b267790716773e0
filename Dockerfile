# Production image: one Streamlit process (one Python interpreter) per container.
# Run several replicas behind a reverse proxy with sticky sessions (see README "Deployment").
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# DejaVu gives the PDF report its umlauts and typographic characters.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY app.py alembic.ini ./
COPY .streamlit ./.streamlit
COPY alembic ./alembic
COPY data/questionnaire ./data/questionnaire
COPY data/common-passwords.txt data/password-words-de.txt ./data/
COPY mintqo ./mintqo
COPY pages ./pages

RUN useradd --create-home --uid 10001 mintqo && chown -R mintqo /app/data
USER mintqo

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

# Migrate, then serve. Secrets (DATABASE_URL, MINTQO_COOKIE_KEY) come from the environment.
CMD ["sh", "-c", "python -m mintqo init-db && exec python -m mintqo serve --server.address 0.0.0.0 --server.port 8501"]
