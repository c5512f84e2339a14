"""The one exception the wire format raises."""


class ProtocolError(ValueError):
    """A document is not a valid federation message (fatal for the whole document).

    Problems with a single change inside an otherwise valid feed page are not
    raised: they come back in ``FeedPage.rejected``.
    """
