GRANT SELECT, INSERT ON web_vitals TO dealershipai_system;
