GRANT SELECT, INSERT, DELETE ON status_probes TO dealershipai_system;
