-- Cluster-wide: one login role per service. Idempotent; serialised so that parallel runs agree.
-- Passwords are not set here: a local cluster trusts loopback, and a managed PostgreSQL gets
-- its passwords from the platform team (see the README, "Deploy to Kubernetes").
BEGIN;
SELECT pg_advisory_xact_lock(727001);
DO $$
DECLARE r text;
BEGIN
  FOREACH r IN ARRAY ARRAY['desk_gateway', 'desk_reception', 'desk_complaints', 'desk_repairs', 'desk_billing', 'desk_documents'] LOOP
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
      EXECUTE format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', r);
    END IF;
  END LOOP;
END $$;
ALTER ROLE desk_gateway    SET search_path = identity;
ALTER ROLE desk_reception  SET search_path = reception;
ALTER ROLE desk_complaints SET search_path = complaints;
ALTER ROLE desk_repairs    SET search_path = repairs;
ALTER ROLE desk_billing    SET search_path = billing;
ALTER ROLE desk_documents  SET search_path = documents;
COMMIT;
