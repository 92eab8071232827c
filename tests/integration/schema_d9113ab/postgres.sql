-- The schema of a PostgreSQL database as release d9113ab's `invoicing db init` created it (POSTGRES_SCHEMA
-- unset: eventsourcing's "public"): `pg_dump --schema-only --no-owner --no-privileges`, comments and psql
-- meta-commands removed. Test data for tests/integration/test_migrations.py.
SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;
CREATE TYPE public.stored_event_uuid AS (
	originator_id uuid,
	originator_version bigint,
	topic text,
	state bytea
);
CREATE FUNCTION public.accounts_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'accounts_events' AND OLD.chain_hash IS NULL AND (NEW.originator_id, NEW.originator_version, NEW.topic, NEW.state, NEW.notification_id) IS NOT DISTINCT FROM (OLD.originator_id, OLD.originator_version, OLD.topic, OLD.state, OLD.notification_id) THEN RETURN NEW; END IF; RAISE EXCEPTION 'the event log is append-only: % on % refused', TG_OP, TG_TABLE_NAME; END $$;
CREATE FUNCTION public.accounts_events_chain_link() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ DECLARE previous text; BEGIN SELECT chain_hash INTO previous FROM "public"."accounts_events" WHERE chain_hash IS NOT NULL ORDER BY notification_id DESC LIMIT 1; previous := coalesce(previous, '0000000000000000000000000000000000000000000000000000000000000000'); NEW.chain_previous := previous; NEW.chain_hash := encode(sha256(convert_to(previous || E'\n' || NEW.originator_id::text || E'\n' || NEW.originator_version::text || E'\n' || NEW.topic || E'\n' || encode(sha256(NEW.state), 'hex'), 'UTF8')), 'hex'); RETURN NEW; END $$;
CREATE FUNCTION public.es_insert_events_uuid(events public.stored_event_uuid[]) RETURNS SETOF bigint
    LANGUAGE plpgsql
    AS $$BEGIN    SET LOCAL lock_timeout = '0s';    NOTIFY "accounts_events";    RETURN QUERY    INSERT INTO "public"."accounts_events" AS t (    originator_id, originator_version, topic, state)    SELECT originator_id, originator_version, topic, state    FROM unnest(events)    RETURNING notification_id;END;$$;
CREATE FUNCTION public.invoices_events_append_only() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'invoices_events' AND OLD.chain_hash IS NULL AND (NEW.originator_id, NEW.originator_version, NEW.topic, NEW.state, NEW.notification_id) IS NOT DISTINCT FROM (OLD.originator_id, OLD.originator_version, OLD.topic, OLD.state, OLD.notification_id) THEN RETURN NEW; END IF; RAISE EXCEPTION 'the event log is append-only: % on % refused', TG_OP, TG_TABLE_NAME; END $$;
CREATE FUNCTION public.invoices_events_chain_link() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ DECLARE previous text; BEGIN SELECT chain_hash INTO previous FROM "public"."invoices_events" WHERE chain_hash IS NOT NULL ORDER BY notification_id DESC LIMIT 1; previous := coalesce(previous, '0000000000000000000000000000000000000000000000000000000000000000'); NEW.chain_previous := previous; NEW.chain_hash := encode(sha256(convert_to(previous || E'\n' || NEW.originator_id::text || E'\n' || NEW.originator_version::text || E'\n' || NEW.topic || E'\n' || encode(sha256(NEW.state), 'hex'), 'UTF8')), 'hex'); RETURN NEW; END $$;
SET default_tablespace = '';
SET default_table_access_method = heap;
CREATE TABLE public.accounts_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigint NOT NULL,
    chain_previous text,
    chain_hash text
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');
CREATE TABLE public.accounts_events_anchors (
    "position" bigint NOT NULL,
    hash text NOT NULL,
    anchored_at timestamp with time zone NOT NULL,
    anchored_by text DEFAULT ''::text NOT NULL
);
CREATE SEQUENCE public.accounts_events_notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.accounts_events_notification_id_seq OWNED BY public.accounts_events.notification_id;
CREATE TABLE public.accounts_sessions (
    id text NOT NULL,
    login text NOT NULL,
    created_at double precision NOT NULL,
    last_seen double precision NOT NULL,
    address text NOT NULL,
    agent text NOT NULL,
    ended_at double precision,
    ended_by text NOT NULL
);
CREATE TABLE public.accounts_throttles (
    key text NOT NULL,
    count integer NOT NULL,
    first_at double precision NOT NULL,
    last_at double precision NOT NULL,
    locked_until double precision
);
CREATE TABLE public.invoices_documents (
    sha256 text NOT NULL,
    size bigint,
    stored_at timestamp with time zone DEFAULT now(),
    content bytea
);
CREATE TABLE public.invoices_events (
    originator_id uuid NOT NULL,
    originator_version bigint NOT NULL,
    topic text,
    state bytea,
    notification_id bigint NOT NULL,
    chain_previous text,
    chain_hash text
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');
CREATE TABLE public.invoices_events_anchors (
    "position" bigint NOT NULL,
    hash text NOT NULL,
    anchored_at timestamp with time zone NOT NULL,
    anchored_by text DEFAULT ''::text NOT NULL
);
CREATE SEQUENCE public.invoices_events_notification_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;
ALTER SEQUENCE public.invoices_events_notification_id_seq OWNED BY public.invoices_events.notification_id;
CREATE TABLE public.invoices_open_steps (
    case_id uuid NOT NULL,
    version bigint,
    unit text,
    step integer,
    kind text,
    person text,
    grp text,
    since timestamp with time zone,
    check_after timestamp with time zone
);
CREATE TABLE public.invoices_outbox (
    case_id uuid NOT NULL,
    action text NOT NULL,
    opened_at timestamp with time zone,
    sent_at timestamp with time zone
);
CREATE TABLE public.invoices_throttles (
    key text NOT NULL,
    count integer NOT NULL,
    first_at double precision NOT NULL,
    last_at double precision NOT NULL,
    locked_until double precision
);
CREATE TABLE public.invoices_tracking (
    application_name text NOT NULL,
    notification_id bigint
)
WITH (autovacuum_enabled='true', autovacuum_vacuum_threshold='100000000', autovacuum_vacuum_scale_factor='0.5', autovacuum_analyze_threshold='1000', autovacuum_analyze_scale_factor='0.01');
ALTER TABLE ONLY public.accounts_events ALTER COLUMN notification_id SET DEFAULT nextval('public.accounts_events_notification_id_seq'::regclass);
ALTER TABLE ONLY public.invoices_events ALTER COLUMN notification_id SET DEFAULT nextval('public.invoices_events_notification_id_seq'::regclass);
ALTER TABLE ONLY public.accounts_events_anchors
    ADD CONSTRAINT accounts_events_anchors_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY public.accounts_events
    ADD CONSTRAINT accounts_events_pkey PRIMARY KEY (originator_id, originator_version);
ALTER TABLE ONLY public.accounts_sessions
    ADD CONSTRAINT accounts_sessions_pkey PRIMARY KEY (id);
ALTER TABLE ONLY public.accounts_throttles
    ADD CONSTRAINT accounts_throttles_pkey PRIMARY KEY (key);
ALTER TABLE ONLY public.invoices_documents
    ADD CONSTRAINT invoices_documents_pkey PRIMARY KEY (sha256);
ALTER TABLE ONLY public.invoices_events_anchors
    ADD CONSTRAINT invoices_events_anchors_pkey PRIMARY KEY ("position");
ALTER TABLE ONLY public.invoices_events
    ADD CONSTRAINT invoices_events_pkey PRIMARY KEY (originator_id, originator_version);
ALTER TABLE ONLY public.invoices_open_steps
    ADD CONSTRAINT invoices_open_steps_pkey PRIMARY KEY (case_id);
ALTER TABLE ONLY public.invoices_outbox
    ADD CONSTRAINT invoices_outbox_pkey PRIMARY KEY (case_id, action);
ALTER TABLE ONLY public.invoices_throttles
    ADD CONSTRAINT invoices_throttles_pkey PRIMARY KEY (key);
ALTER TABLE ONLY public.invoices_tracking
    ADD CONSTRAINT invoices_tracking_pkey PRIMARY KEY (application_name);
CREATE UNIQUE INDEX accounts_events_notification_id_idx ON public.accounts_events USING btree (notification_id);
CREATE UNIQUE INDEX invoices_events_notification_id_idx ON public.invoices_events USING btree (notification_id);
CREATE INDEX invoices_open_steps_check_after ON public.invoices_open_steps USING btree (check_after);
CREATE INDEX invoices_open_steps_grp ON public.invoices_open_steps USING btree (grp);
CREATE INDEX invoices_open_steps_person ON public.invoices_open_steps USING btree (person);
CREATE INDEX public_accounts_sessions_login ON public.accounts_sessions USING btree (login);
CREATE TRIGGER accounts_events_anchors_append_only BEFORE DELETE OR UPDATE ON public.accounts_events_anchors FOR EACH ROW EXECUTE FUNCTION public.accounts_events_append_only();
CREATE TRIGGER accounts_events_anchors_no_truncate BEFORE TRUNCATE ON public.accounts_events_anchors FOR EACH STATEMENT EXECUTE FUNCTION public.accounts_events_append_only();
CREATE TRIGGER accounts_events_append_only BEFORE DELETE OR UPDATE ON public.accounts_events FOR EACH ROW EXECUTE FUNCTION public.accounts_events_append_only();
CREATE TRIGGER accounts_events_chain BEFORE INSERT ON public.accounts_events FOR EACH ROW EXECUTE FUNCTION public.accounts_events_chain_link();
CREATE TRIGGER accounts_events_no_truncate BEFORE TRUNCATE ON public.accounts_events FOR EACH STATEMENT EXECUTE FUNCTION public.accounts_events_append_only();
CREATE TRIGGER invoices_events_anchors_append_only BEFORE DELETE OR UPDATE ON public.invoices_events_anchors FOR EACH ROW EXECUTE FUNCTION public.invoices_events_append_only();
CREATE TRIGGER invoices_events_anchors_no_truncate BEFORE TRUNCATE ON public.invoices_events_anchors FOR EACH STATEMENT EXECUTE FUNCTION public.invoices_events_append_only();
CREATE TRIGGER invoices_events_append_only BEFORE DELETE OR UPDATE ON public.invoices_events FOR EACH ROW EXECUTE FUNCTION public.invoices_events_append_only();
CREATE TRIGGER invoices_events_chain BEFORE INSERT ON public.invoices_events FOR EACH ROW EXECUTE FUNCTION public.invoices_events_chain_link();
CREATE TRIGGER invoices_events_no_truncate BEFORE TRUNCATE ON public.invoices_events FOR EACH STATEMENT EXECUTE FUNCTION public.invoices_events_append_only();
