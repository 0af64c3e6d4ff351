"""Resolution: mentions become entities. ``article`` resolves the claimants, addressees and
topics of one article (``resolve_article``); ``names`` is the one normalisation rule of a name
(it mints the key an entity's IRI comes from); ``people`` reads an article's name mentions;
``reference`` the salience of pronouns and descriptions; ``aliases`` the user's alias table;
``entities`` one entity per person across a whole build."""
