"""Chinese PII recognizers for presidio, one per file; all offline (rules, checksums, jieba's shipped dictionary)."""

from privacy.redaction.recognizers.case_number import CaseNumberRecognizer
from privacy.redaction.recognizers.cn_address import CnAddressRecognizer
from privacy.redaction.recognizers.cn_bank_card import CnBankCardRecognizer
from privacy.redaction.recognizers.cn_document_number import CnDocumentNumberRecognizer
from privacy.redaction.recognizers.cn_id_card import CnIdCardRecognizer
from privacy.redaction.recognizers.cn_im_account import CnImAccountRecognizer
from privacy.redaction.recognizers.cn_landline import CnLandlineRecognizer
from privacy.redaction.recognizers.cn_license_plate import CnLicensePlateRecognizer
from privacy.redaction.recognizers.cn_mobile import CnMobileRecognizer
from privacy.redaction.recognizers.cn_person import CnPersonRecognizer
from privacy.redaction.recognizers.email import EmailRecognizer
from privacy.redaction.recognizers.medical import MedicalRecognizer
from privacy.redaction.recognizers.school_class import SchoolClassRecognizer

ALL = [CnIdCardRecognizer, CnMobileRecognizer, CnLandlineRecognizer, CnBankCardRecognizer, EmailRecognizer,
       CnDocumentNumberRecognizer, CnImAccountRecognizer, CnLicensePlateRecognizer, CnPersonRecognizer,
       CnAddressRecognizer, MedicalRecognizer, SchoolClassRecognizer, CaseNumberRecognizer]

__all__ = ["ALL"]
