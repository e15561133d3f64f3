-- Run connected to the platform's database: each service's schema, owned by its own role.
-- No role is granted anything on another's schema, so none can read or write it.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
CREATE SCHEMA IF NOT EXISTS identity   AUTHORIZATION desk_gateway;
CREATE SCHEMA IF NOT EXISTS reception  AUTHORIZATION desk_reception;
CREATE SCHEMA IF NOT EXISTS complaints AUTHORIZATION desk_complaints;
CREATE SCHEMA IF NOT EXISTS repairs    AUTHORIZATION desk_repairs;
CREATE SCHEMA IF NOT EXISTS billing    AUTHORIZATION desk_billing;
CREATE SCHEMA IF NOT EXISTS documents  AUTHORIZATION desk_documents;
