// Site-wide behaviour. Feature scripts are ES modules beside this file.
