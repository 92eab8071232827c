"""The leading process anchors the chain's head periodically, to the file and the audit office's mailbox."""

from invoicing.bootstrap import bootstrap
from invoicing.chain.anchors import read
from invoicing.config import Settings, Smtp
from invoicing.mailbox.ports import InMemoryMailSender
from workers.runtime import anchor_now


def test_an_anchor_is_recorded_appended_to_the_file_and_mailed(tmp_path):
    settings = Settings(persistence="sqlite", data_dir=tmp_path / "data", anchor_file=tmp_path / "kept" / "a.jsonl",
                        anchor_mail_to="rpa@stadt.example",
                        smtp=Smtp(host="localhost", mail_from="Rechnungseingang <re@stadt.example>"))
    sender = InMemoryMailSender()
    services = bootstrap(settings, mail_sender=sender)
    services.invoices.receive_submission(b"<Invoice>x</Invoice>", channel="api", sender="s", filename="x.xml")
    anchor_now(services)
    anchor_now(services)  # nothing new since: the same anchor, not a second one
    (recorded,) = services.invoices.recorder.anchors()
    assert read(settings.anchor_file)[-1] == recorded
    assert sender.sent[0]["To"] == "rpa@stadt.example" and recorded.hash in sender.sent[0].get_content()
    services.close()

