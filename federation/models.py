"""What the federation stores: keys, peers, the change log, mirrors, sync runs, nonces."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    """One of this cluster's Ed25519 key pairs; the newest active one signs."""

    key_id = models.CharField(max_length=64, unique=True)
    private_pem = models.TextField()
    public_pem = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("signing key")

    def __str__(self):
        return self.key_id


class Peer(models.Model):
    """Another cluster's site that this one pulls from and notifies."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200, blank=True)
    base_url = models.URLField(verbose_name=_("base URL"))
    # Up to two public keys (PEM): both are accepted while the peer rotates its key.
    public_keys = models.JSONField(default=list)
    enabled = models.BooleanField(default=True)
    cursor = models.CharField(max_length=64, blank=True, default="")
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    remote_head = models.CharField(max_length=64, blank=True, default="")
    breaker = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("peer")
        # Seeing peers and sync runs in the admin and starting syncs by hand.
        permissions = [("manage_federation", _("Can manage federation peers and syncs"))]

    def __str__(self):
        return self.slug


class ChangeEntry(models.Model):
    """The latest change of one shared object: the feed peers and partners read.

    ``seq`` is the cursor. Recording a change deletes the object's older entries,
    so the log is always compacted; delete tombstones are kept for good.
    """

    seq = models.BigAutoField(primary_key=True)
    object_id = models.UUIDField()
    type = models.CharField(max_length=64)
    action = models.CharField(max_length=10)
    reason = models.CharField(max_length=20, blank=True, default="")
    translations = models.JSONField(default=dict)
    content_hash = models.CharField(max_length=80, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["object_id"]), models.Index(fields=["type", "seq"])]


class MirrorItem(models.Model):
    """A peer's shared object as this cluster holds it: read-only, written in bulk."""

    origin = models.CharField(max_length=40)
    object_id = models.UUIDField()
    type = models.CharField(max_length=64)
    revision = models.BigIntegerField()
    content_hash = models.CharField(max_length=80, blank=True, default="")
    updated_at = models.DateTimeField()
    synced_at = models.DateTimeField()
    # A tombstone: the origin deleted or unpublished the object. Kept so that an
    # older revision arriving later cannot bring it back.
    deleted_at = models.DateTimeField(null=True, blank=True)
    # This site's own order of mirror writes (``MirrorSequence``): every upsert or
    # tombstone written moves the item to the end, so readers of the mirrors (the
    # partner API) walk them with a cursor as peers walk a change log.
    seq = models.BigIntegerField(default=0, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["origin", "object_id"], name="mirror_origin_object")
        ]
        indexes = [models.Index(fields=["type", "deleted_at"])]
        verbose_name = _("federated item")

    def __str__(self):
        return f"{self.origin}:{self.type}:{self.object_id}"


class MirrorSequence(models.Model):
    """The last ``MirrorItem.seq`` handed out: one row, locked by each write until commit,
    so sequence numbers become visible in the order they were given."""

    last = models.BigIntegerField(default=0)


class MirrorTranslation(models.Model):
    """One language of a mirrored object, with the columns listings sort and show."""

    item = models.ForeignKey(MirrorItem, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True, default="")
    date = models.DateField(null=True, blank=True)
    url = models.URLField(max_length=2000, blank=True, default="")
    data = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "language"], name="mirror_item_language")
        ]
        indexes = [models.Index(fields=["language", "date"])]


class MirrorImage(models.Model):
    """An image of a peer's item, fetched from that peer and stored by content hash."""

    sha256 = models.CharField(max_length=64, unique=True)
    origin = models.CharField(max_length=40)
    file = models.FileField(upload_to="federation/images/")
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    fetched_at = models.DateTimeField(auto_now_add=True)


class SyncRun(models.Model):
    """One pull from one peer: what it did and how it ended."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="runs")
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    trigger = models.CharField(max_length=20, default="manual")
    pages = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    deleted = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    cursor_before = models.CharField(max_length=64, blank=True, default="")
    cursor_after = models.CharField(max_length=64, blank=True, default="")
    ok = models.BooleanField(default=False)
    error = models.TextField(blank=True, default="")
    rejections = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("sync run")

    @property
    def duration(self):
        return (self.finished_at - self.started_at) if self.finished_at else None


class Nonce(models.Model):
    """A signature nonce seen inside the replay window."""

    key_id = models.CharField(max_length=64)
    nonce = models.CharField(max_length=128)
    created = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key_id", "nonce"], name="nonce_once")]
        indexes = [models.Index(fields=["created"])]
